"""Reference data: regions, countries, MRP by year, quota receiving regions.

Values come from the database (seeded from ``storage/seed``, editable by an
administrator); the domain only knows their shape and how to look things up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from domain.errors import NotFound, ValidationError
from domain.messages import N_
from domain.names import search_key


@dataclass(frozen=True)
class Region:
    code: str
    kind: str  # "region" or "city"
    name_kk: str
    name_ru: str
    name_en: str
    centre: str = ""
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)


@dataclass(frozen=True)
class Country:
    code: str
    name_kk: str
    name_ru: str
    name_en: str

    def name(self, language: str) -> str:
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)


_REGION_WORDS = frozenset(("oblysy", "oblast", "oblasti", "oblastb", "region", "obl"))
_CITY_WORDS = frozenset(("kalasy", "gorod", "g", "city"))


def _stripped(key: str) -> tuple[str, str | None]:
    """The key without 'region'/'city' words, and which kind those words pointed to."""
    words = key.split()
    kind = "region" if _REGION_WORDS & set(words) else ("city" if _CITY_WORDS & set(words) else None)
    return " ".join(w for w in words if w not in _REGION_WORDS | _CITY_WORDS), kind


@dataclass
class RegionCatalog:
    regions: tuple[Region, ...]
    _exact: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _loose: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for region in self.regions:
            for text in (region.code, region.name_kk, region.name_ru, region.name_en, *region.aliases):
                key = search_key(text)
                if key:
                    self._exact.setdefault(key, region.code)
                    self._loose.setdefault(_stripped(key)[0], set()).add(region.code)

    def get(self, code: str) -> Region:
        for region in self.regions:
            if region.code == code:
                return region
        raise NotFound("region", code)

    def resolve(self, text: str | None) -> str | None:
        """The region code for any usual spelling («ВКО», «Абайская», «Almaty Region»), or None."""
        if not text or not str(text).strip():
            return None
        raw = str(text).strip()
        if raw.upper() in {r.code for r in self.regions}:
            return raw.upper()
        key = search_key(raw)
        if key in self._exact:
            return self._exact[key]
        loose, kind = _stripped(key)
        candidates = self._loose.get(loose, set())
        if len(candidates) > 1 and kind is not None:
            candidates = {code for code in candidates if self.get(code).kind == kind}
        return next(iter(candidates)) if len(candidates) == 1 else None

    def require(self, text: str | None, field_name: str = "region_code") -> str | None:
        if text is None or not str(text).strip():
            return None
        code = self.resolve(text)
        if code is None:
            raise ValidationError(field_name, N_("Unknown region: «{value}»."), value=str(text))
        return code


@dataclass(frozen=True)
class MrpRate:
    year: int
    mrp: Decimal
    mzp: Decimal | None = None


class MrpTable:
    def __init__(self, rates: Iterable[MrpRate]) -> None:
        self._rates = {rate.year: rate for rate in rates}

    def mrp(self, year: int) -> Decimal:
        rate = self._rates.get(year)
        if rate is None:
            raise ValidationError("year", N_("No MRP is set for {year}; an administrator must enter it."), year=year)
        return rate.mrp

    def years(self) -> list[int]:
        return sorted(self._rates)
