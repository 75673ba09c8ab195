"""Reference data and settings as the domain needs them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import overload

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.reference import Country, MrpRate, MrpTable, Region, RegionCatalog
from storage import tables


class ReferenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def regions(self) -> RegionCatalog:
        aliases: dict[str, list[str]] = {}
        for code, alias in self.session.execute(sa.select(tables.region_alias.c.region_code,
                                                          tables.region_alias.c.alias)):
            aliases.setdefault(code, []).append(alias)
        r = tables.region
        rows = self.session.execute(sa.select(r).order_by(r.c.sort_order, r.c.code))
        return RegionCatalog(tuple(
            Region(row.code, row.kind, row.name_kk, row.name_ru, row.name_en, row.centre,
                   tuple(aliases.get(row.code, ()))) for row in rows))

    def countries(self) -> list[Country]:
        c = tables.country
        return [Country(row.code, row.name_kk, row.name_ru, row.name_en)
                for row in self.session.execute(sa.select(c).order_by(c.c.code))]

    def country_codes(self) -> set[str]:
        return set(self.session.scalars(sa.select(tables.country.c.code)))

    def mrp_table(self) -> MrpTable:
        m = tables.mrp_rate
        return MrpTable(MrpRate(row.year, Decimal(row.mrp), Decimal(row.mzp) if row.mzp is not None else None)
                        for row in self.session.execute(sa.select(m)))

    def set_mrp(self, year: int, mrp: Decimal, mzp: Decimal | None, actor: str, now: dt.datetime) -> None:
        m = tables.mrp_rate
        exists = self.session.scalar(sa.select(m.c.year).where(m.c.year == year))
        values = {"mrp": mrp, "mzp": mzp, "updated_at": now, "updated_by": actor}
        if exists is None:
            self.session.execute(m.insert().values(year=year, **values))
        else:
            self.session.execute(m.update().where(m.c.year == year).values(version=m.c.version + 1, **values))

    def receiving_regions(self, year: int) -> set[str]:
        rr = tables.receiving_region
        return set(self.session.scalars(sa.select(rr.c.region_code).where(rr.c.year == year)))

    @overload
    def setting(self, key: str, default: str) -> str: ...

    @overload
    def setting(self, key: str, default: None = None) -> str | None: ...

    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.session.scalar(sa.select(tables.setting.c.value).where(tables.setting.c.key == key))
        return default if value is None else value

    def set_setting(self, key: str, value: str, actor: str, now: dt.datetime) -> None:
        s = tables.setting
        if self.session.scalar(sa.select(s.c.key).where(s.c.key == key)) is None:
            self.session.execute(s.insert().values(key=key, value=value, updated_at=now, updated_by=actor))
        else:
            self.session.execute(s.update().where(s.c.key == key).values(value=value, updated_at=now,
                                                                         updated_by=actor))

    def user_name(self, login: str) -> str:
        u = tables.app_user
        name = self.session.scalar(sa.select(u.c.display_name).where(u.c.login == login))
        return name or login

    def counts(self) -> dict[str, int]:
        result = {}
        for name, table in tables.metadata.tables.items():
            result[name] = self.session.scalar(sa.select(sa.func.count()).select_from(table))
        return result
