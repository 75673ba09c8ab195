"""Does search put the right person in the first 20 results? (issue 20: >= 95 % of variant queries)

    python -m bench.variant_rank bench/.cache/qandas-100000-seed2026-0015.sqlite3
    python -m bench.variant_rank new      # a new, empty register: the labelled names alone

Copies the benchmark database, registers every name of the labelled pairs
(``tests/domain/data/name_variants.tsv``, and the one-typo pairs of ``name_typos.tsv``) as the
head of a family of its own, then types each spelling and looks for the family of the other one in
the first 20 results of ``CaseService.search`` (ranked: exact, prefix, variant, near; the same
order the registry shows). The synthetic register around them makes the competition: namesakes,
common prefixes, other spellings.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

FIRST = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    args = parser.parse_args(argv)
    from bench.probe_registry import open_services
    from services.dto import FamilyInput, PersonInput
    from tests.domain.name_variant_quality import pairs, typo_pairs
    labelled = [pair for pair in pairs() if pair.same]
    typos = typo_pairs()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "rank.sqlite3"
        if args.db != "new":
            shutil.copyfile(args.db, copy)
        services = open_services(str(copy))
        family_of: dict[str, int] = {}
        for name in sorted({text for pair in labelled + typos for text in (pair.a, pair.b)}):
            words = name.split() + ["Белгісіз"]  # a given name no labelled pair uses
            family_of[name] = services.registration.register_family(FamilyInput(
                members=(PersonInput(words[0], words[1], " ".join(words[2:]), relation="head",
                                     birth_date=dt.date(1980, 1, 1), sex="M"),),
                arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI"),
                confirm_duplicates=True).id
        for title, queries in (("variant spellings (both ways)",
                                [(p.b, p.a) for p in labelled] + [(p.a, p.b) for p in labelled]),
                               ("one-typo spellings", [(p.b, p.a) for p in typos])):
            hits, missed = 0, []
            for typed, wanted in queries:
                if family_of[wanted] in services.cases.search(typed, limit=FIRST):
                    hits += 1
                else:
                    missed.append(f"{typed} → {wanted}")
            print(f"{title}: {hits}/{len(queries)} = {hits / len(queries):.1%} in the first {FIRST}")
            for line in missed[:15]:
                print("  not in the first 20:", line)
        services.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
