"""How many SQL statements one search keystroke sends (issue 20: "three index searches per keystroke?").

    python -m bench.search_statements bench/.cache/qandas-100000-seed2026-0015.sqlite3

Counts, for every keystroke of the search figures' texts, the statements of
``CaseService.ranked_page`` (what the registry asks at each keystroke): those SQLAlchemy sends
(``before_cursor_execute``) and those written by hand on the driver's cursor (``storage.raw_sql``,
which SQLAlchemy's events do not see). Prints the distribution and the texts that send the most.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter

from sqlalchemy import event


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    args = parser.parse_args(argv)
    from bench.probe_registry import TYPED, TYPED_VARIANTS, keystrokes, open_services
    from domain.search import FamilyFilter
    from storage import raw_sql
    services = open_services(args.db)
    counted = {"orm": 0, "raw": 0}
    event.listen(services.engine, "before_cursor_execute",
                 lambda *_args: counted.__setitem__("orm", counted["orm"] + 1))
    original = raw_sql.Cursor.execute

    def counting(self, sql, params=()):
        counted["raw"] += 1
        return original(self, sql, params)

    raw_sql.Cursor.execute = counting  # type: ignore[method-assign]
    totals: list[int] = []
    worst: Counter[str] = Counter()
    for text in keystrokes(TYPED) + keystrokes(TYPED_VARIANTS) + keystrokes(("Әбдірахпанов", "Сейітқари Нұрлан")):
        counted.update(orm=0, raw=0)
        services.cases.ranked_page(FamilyFilter(text=text.strip()), "name", False, limit=200)
        totals.append(counted["orm"] + counted["raw"])
        worst[f"{text!r} (orm {counted['orm']}, raw {counted['raw']})"] = totals[-1]
    print(f"{len(totals)} keystrokes: statements per keystroke median {statistics.median(totals)}, "
          f"min {min(totals)}, max {max(totals)}, mean {statistics.mean(totals):.1f}")
    for text, count in worst.most_common(6):
        print(f"  {count:3} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
