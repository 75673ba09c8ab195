"""Demonstration data: repeatable with a seed, built through the domain rules.

Each area adds a step (``STEP_FUNCTIONS``) that receives the ids of the families just made,
so the quota, payments, employment and education areas fill their own records.
"""
from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from typing import Callable

from domain.permissions import Action
from services.changes import EVERYTHING, Changes
from services.context import ServiceContext
from services.demo.families import generate_families
from services.demo.staff import Staff, add_centre_details, add_staff
from services.progress import NullProgress, Progress
from storage.unit_of_work import SqlAlchemyUnitOfWork

DemoStep = Callable[[ServiceContext, SqlAlchemyUnitOfWork, random.Random, list[int], Progress], None]
# (module, function) of each area's step, run in this order after the families are made;
# imported lazily because the steps import services that import this package.
STEP_FUNCTIONS = [
    ("services.demo.duplicates", "add_duplicate_pairs"),
    ("services.demo.quotas", "quota_demo_step"),
]


def steps() -> list[DemoStep]:
    return [getattr(importlib.import_module(module), name) for module, name in STEP_FUNCTIONS]


@dataclass(frozen=True)
class DemoResult:
    families: int
    persons: int
    changes: Changes


def generate(ctx: ServiceContext, families: int = 200, seed: int = 2026,
             progress: Progress | None = None, families_only: bool = False) -> DemoResult:
    """Add ``families`` demonstration families (and, unless ``families_only``, the related records
    of every area: tasks, quota, payments, employment, education…) in one transaction."""
    ctx.actor.require(Action.EDIT_CASES)
    progress = progress or NullProgress()
    rng = random.Random(seed)
    with ctx.uow() as uow:
        before = uow.reference.counts()
        # only families: no accounts either (a test of first-run set-up loads families before any account)
        staff = Staff() if families_only else add_staff(ctx, uow)
        add_centre_details(ctx, uow)
        ids = generate_families(ctx, uow, rng, families, progress, staff, with_tasks=not families_only)
        for step in ([] if families_only else steps()):
            step(ctx, uow, rng, ids, progress)
        uow.audit("demo", "family", None, None, {"families": families, "seed": seed})
        uow.commit()
        after = uow.reference.counts()
    return DemoResult(after["family"] - before["family"], after["person"] - before["person"], EVERYTHING)

