"""The benchmark's guard: each figure against its target and against the last committed run.

    python bench/run.py --quick --check                 # measure, then check (exit 1 on a miss)
    python bench/run.py --compare results.json --check  # check a saved run without measuring

A figure *misses* when its own target is not met (the row's ``ok``), and *regresses* when it is
more than ``REGRESSION`` worse than the same figure (name, size and engine) of the previous run — by its
ratio against the raw baseline where both runs have one (machines differ, ratios travel), by its
value otherwise. Every figure is "lower is better". Rows the previous run does not have, or whose
value is missing on either side, are only checked against their target. A row without ``engine``
(runs before the hosted figures joined) is an SQLite row.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REGRESSION = 0.25  # more than 25 % worse than the last committed result
LATEST = Path(__file__).resolve().parent.parent / "docs" / "bench-latest.json"


@dataclass(frozen=True)
class Finding:
    name: str
    size: int
    kind: str  # "miss" or "regression"
    text: str
    engine: str = "sqlite"


def engine_of(row: dict) -> str:
    return row.get("engine") or "sqlite"


def _key(row: dict) -> tuple[str, int, str]:
    return row["name"], row["size"], engine_of(row)


def _metric(row: dict) -> tuple[str, float] | None:
    if row.get("ratio") is not None:
        return "ratio", float(row["ratio"])
    if row.get("value") is not None:
        return "value", float(row["value"])
    return None


def compare(results: list[dict], previous: list[dict], regression: float = REGRESSION) -> list[Finding]:
    """Misses and regressions of ``results`` (rows as ``bench.run`` prints them)."""
    before = {_key(row): row for row in previous}
    findings: list[Finding] = []
    for row in results:
        name, size, engine = _key(row)
        if not row.get("ok"):
            shown = "no value" if row.get("value") is None else f"{row['value']} {row.get('unit', '')}".strip()
            if row.get("ratio") is not None:
                shown += f", {row['ratio']}x raw"
            findings.append(Finding(name, size, "miss", f"target {row.get('target')} not met ({shown})", engine))
        old = before.get((name, size, engine))
        now_metric, old_metric = _metric(row), _metric(old) if old else None
        if now_metric is None or old_metric is None:
            continue
        # compare like with like: a ratio with a ratio, else the values
        if now_metric[0] != old_metric[0]:
            if row.get("value") is None or old.get("value") is None:
                continue
            now_metric, old_metric = ("value", float(row["value"])), ("value", float(old["value"]))
        kind, now = now_metric
        was = old_metric[1]
        if was > 0 and now > was * (1 + regression):
            findings.append(Finding(name, size, "regression",
                                    f"{kind} {now:g} against {was:g} in the last committed run "
                                    f"(+{(now / was - 1) * 100:.0f} %, limit +{regression * 100:.0f} %)", engine))
    return findings


def load_results(path: Path) -> list[dict]:
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise ValueError(f"{path}: not a bench result (expected an object with a 'results' list)")
    return payload["results"]


def report(findings: list[Finding], checked: int, previous_path: Path) -> str:
    lines = [f"check: {checked} figures against their targets and {previous_path}"]
    if not findings:
        lines.append("check: every figure meets its target and none regressed")
    lines += [f"check: {f.kind.upper()} {f.name} ({f.size}{'' if f.engine == 'sqlite' else ', ' + f.engine}): {f.text}"
              for f in findings]
    return "\n".join(lines)
