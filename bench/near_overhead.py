"""What the near group adds to a keystroke: each keystroke with and without it, in turn, in one process.

    python -m bench.near_overhead bench/.cache/qandas-1000000-seed2026-0015.sqlite3

The texts of the ``search_variants`` figure plus three typed with a typo; three rounds; the raw
variant lookup (``probe_registry._raw_variant_query``) beside them. A paired comparison holds on a
loaded machine where absolute figures do not."""
import sys, time, statistics, sqlite3
from bench.probe_registry import TYPED_VARIANTS, keystrokes, open_services, _raw_variant_query
from domain.search import FamilyFilter, MatchKind
db = sys.argv[1]  # the database file
services = open_services(db)
texts = keystrokes(TYPED_VARIANTS) + keystrokes(("Әбдірахпанов", "Сейітқари Нұрлан", "Жұмабаева Айгүл"))
full, three = MatchKind.ALL, MatchKind.ALL[:3]
with_near, without, raw = [], [], []
conn = sqlite3.connect(db)
for rep in range(3):
    for text in texts:
        flt = FamilyFilter(text=text.strip())
        for kinds, out in ((full, with_near), (three, without)):
            MatchKind.ALL = kinds
            t = time.perf_counter(); services.cases.ranked_page(flt, "name", False, limit=200); out.append(time.perf_counter() - t)
        t = time.perf_counter(); _raw_variant_query(conn, text); raw.append(time.perf_counter() - t)
MatchKind.ALL = full
def q(xs): xs = sorted(xs); return f"median {statistics.median(xs)*1000:.2f} ms p95 {xs[int(len(xs)*0.95)]*1000:.2f} ms"
print(db.split('/')[-1], len(texts), "keystrokes x3")
print("with near   ", q(with_near)); print("without near", q(without)); print("raw baseline", q(raw))
