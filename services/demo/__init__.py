"""Demonstration data: repeatable with a seed, built through the domain rules.

Each area adds a step (``STEPS``) that receives the ids of the families just made,
so the quota, payments, employment and education areas fill their own records.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from domain.permissions import Action
from services.changes import EVERYTHING, Changes
from services.context import ServiceContext
from services.demo.families import generate_families
from services.progress import NullProgress, Progress
from storage.unit_of_work import SqlAlchemyUnitOfWork

DemoStep = Callable[[ServiceContext, SqlAlchemyUnitOfWork, random.Random, list[int], Progress], None]
STEPS: list[DemoStep] = []


def _register_steps() -> None:
    from services.demo.duplicates import add_duplicate_pairs
    STEPS.append(add_duplicate_pairs)


_register_steps()


@dataclass(frozen=True)
class DemoResult:
    families: int
    persons: int
    changes: Changes


def generate(ctx: ServiceContext, families: int = 200, seed: int = 2026,
             progress: Progress | None = None) -> DemoResult:
    """Add ``families`` demonstration families (and their related records) in one transaction."""
    ctx.actor.require(Action.EDIT_CASES)
    progress = progress or NullProgress()
    rng = random.Random(seed)
    with ctx.uow() as uow:
        before = uow.reference.counts()
        ids = generate_families(ctx, uow, rng, families, progress)
        for step in STEPS:
            step(ctx, uow, rng, ids, progress)
        uow.audit("demo", "family", None, None, {"families": families, "seed": seed})
        uow.commit()
        after = uow.reference.counts()
    return DemoResult(after["family"] - before["family"], after["person"] - before["person"], EVERYTHING)


from services.demo.quotas import quota_demo_step  # noqa: E402 - quota area
STEPS.append(quota_demo_step)
