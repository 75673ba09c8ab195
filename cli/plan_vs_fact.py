"""The ``plan_vs_fact`` section of ``info --json``: per year, quota per region, employment, education."""
from __future__ import annotations


def plan_vs_fact_section(services) -> dict:
    return {"plan_vs_fact": services.dashboard.plan_vs_fact()}
