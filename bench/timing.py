"""Small measuring helpers shared by the probes: repeat, median, p95, peak memory, results."""
from __future__ import annotations

import gc
import math
import resource
import statistics
import sys
import time
from typing import Any, Callable


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "p95": percentile(values, 0.95), "n": len(values)}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call takes (garbage collection is left on: the application runs with it)."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def repeat(fn: Callable[[], Any], times: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    gc.collect()
    return [timed(fn)[0] for _ in range(times)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process.

    On Linux this is VmHWM from /proc: ``ru_maxrss`` survives execve, so a probe started by a
    large parent would report the parent's size as its own peak. Elsewhere ru_maxrss (KiB on
    Linux, bytes on macOS)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return round(pages * resource.getpagesize() / (1024 * 1024), 1)
    except OSError:
        return peak_rss_mb()


def result(name: str, size: int, value: float | None, unit: str, target: str, ok: bool,
           baseline: float | None = None, ratio: float | None = None, **extra) -> dict:
    """One line of the benchmark's JSON output."""
    row = {"name": name, "size": size, "value": _round(value), "unit": unit, "baseline": _round(baseline),
           "ratio": _round(ratio), "target": target, "ok": bool(ok)}
    row.update({key: _round(value) if isinstance(value, float) else value for key, value in extra.items()})
    return row


def ms(seconds: float) -> float:
    return seconds * 1000.0


def _round(value):
    if isinstance(value, float):
        return round(value, 3 if abs(value) < 100 else 1)
    return value
