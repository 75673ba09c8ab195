"""Reference data shipped with Qandas, inserted where missing (never over an admin's edits)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from storage import tables


def _load(name: str):
    return json.loads(resources.files("storage.reference_data").joinpath(name).read_text(encoding="utf-8"))


def _insert_missing(connection: Connection, table: sa.Table, rows: list[dict], keys: tuple[str, ...]) -> int:
    existing = {tuple(row) for row in connection.execute(sa.select(*[table.c[k] for k in keys]))}
    missing = [row for row in rows if tuple(row[k] for k in keys) not in existing]
    if missing:
        connection.execute(table.insert(), missing)
    return len(missing)


def ensure_reference_data(connection: Connection, now: dt.datetime | None = None) -> int:
    """Insert shipped regions, countries, rates and settings that are not there yet."""
    now = now or dt.datetime.now().replace(microsecond=0)
    who = {"updated_at": now, "updated_by": "system"}
    added = 0
    regions = _load("regions.json")
    added += _insert_missing(connection, tables.region, [
        {"code": r["code"], "kind": r["kind"], "name_kk": r["kk"], "name_ru": r["ru"], "name_en": r["en"],
         "centre": r["centre"], "sort_order": index} for index, r in enumerate(regions)], ("code",))
    added += _insert_missing(connection, tables.region_alias, [
        {"region_code": r["code"], "alias": alias} for r in regions for alias in r["aliases"]],
        ("region_code", "alias"))
    added += _insert_missing(connection, tables.country, [
        {"code": c["code"], "name_kk": c["kk"], "name_ru": c["ru"], "name_en": c["en"]}
        for c in _load("countries.json")], ("code",))
    rates = _load("rates.json")
    added += _insert_missing(connection, tables.mrp_rate, [
        {"year": r["year"], "mrp": Decimal(r["mrp"]), "mzp": Decimal(r["mzp"]), **who} for r in rates["mrp"]],
        ("year",))
    added += _insert_missing(connection, tables.receiving_region, [
        {"year": int(year), "region_code": code}
        for year, codes in rates["receiving_regions"].items() for code in codes], ("year", "region_code"))
    added += _insert_missing(connection, tables.support_rule, [
        {"kind": r["kind"], "valid_from": dt.date.fromisoformat(r["valid_from"]),
         "mrp_coefficient": Decimal(r["mrp_coefficient"]),
         "mrp_coefficient_max": Decimal(r["mrp_coefficient_max"]) if r.get("mrp_coefficient_max") else None,
         "months": r["months"], "created_at": now, "created_by": "system", **who}
        for r in rates["support_rules"]], ("kind", "valid_from"))
    added += _insert_missing(connection, tables.quota_plan, [
        {"year": int(year), "region_code": code, "persons_planned": persons, "families_planned": None,
         "order_reference": "МТСЗН", "created_at": now, "created_by": "system", **who}
        for year, plan in rates["quota_persons"].items() for code, persons in plan.items()],
        ("year", "region_code"))
    added += _insert_missing(connection, tables.setting, [
        {"key": key, "value": value, **who} for key, value in rates["settings"].items()], ("key",))
    return added
