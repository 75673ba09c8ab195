"""The plans of search as you type's own statements, on both engines, where a plan once went wrong
at a million persons although every figure was right at sixty families.

* The walk through the name order for a case number typed («2021»): its end must bound the
  name index scan. PostgreSQL could not use an OR of "no end" and the end as an index condition
  and read all 266 000 families (207 ms); SQLite read every case number of the prefix from the
  case number index and sorted them («202»: 27 ms).
* Several words merged in name order: on PostgreSQL each word's arm carries its own LIMIT, or the
  planner appends every match and sorts them («нурла»: 30 000 rows sorted, 10 ms, against 0.5).
* The statistics sample of the search tokens on PostgreSQL (revision 0022).
"""
from __future__ import annotations

import json
import sqlite3

from domain.search import FamilyFilter
from storage import raw_sql


def _statements(services, monkeypatch, text: str, limit: int) -> list[tuple[str, tuple]]:
    sent: list[tuple[str, tuple]] = []
    original = raw_sql.Cursor.execute

    def recording(self, sql, params=()):
        sent.append((sql, tuple(params)))
        return original(self, sql, params)

    monkeypatch.setattr(raw_sql.Cursor, "execute", recording)
    services.cases.ranked_page(FamilyFilter(text=text), "name", False, limit=limit)
    monkeypatch.undo()
    return sent


def _sqlite_plan(services, sql: str, params: tuple) -> list[str]:
    connection = sqlite3.connect(services.engine.url.database)
    try:
        return [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        connection.close()


def _pg_plan(services, sql: str, params: tuple) -> dict:
    with services.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        cursor = connection.connection.cursor()
        cursor.execute("EXPLAIN (FORMAT JSON) " + raw_sql._for_driver(sql, "pyformat"), params)
        return cursor.fetchone()[0][0]["Plan"]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def test_the_walk_for_a_case_number_reads_the_name_index_up_to_its_end(demo_services, monkeypatch):
    # every demo case number starts so, and no IIN (no month 2x): the case number alone is walked
    sent = _statements(demo_services, monkeypatch, "202", limit=5)
    walks = [(sql, params) for sql, params in sent if sql.startswith("SELECT f.id, (SELECT b.id")]
    assert walks, "the case number typed was not walked in name order"
    sql, params = walks[0]
    if demo_services.engine.dialect.name == "sqlite":
        family = [detail for detail in _sqlite_plan(demo_services, sql, params) if detail.split()[1:2] == ["f"]]
        assert family and all("ix_family_head_sort_key" in detail for detail in family), family
        assert not any("TEMP B-TREE" in detail for detail in _sqlite_plan(demo_services, sql, params))
        return
    family = [node for node in _nodes(_pg_plan(demo_services, sql, params)) if node.get("Alias") == "f"]
    assert family, "the walk's plan does not read family f"
    # an index scan with the end as its condition, or a bitmap scan rechecking it (small tables)
    bounded = ("head_sort_key" in node.get("Index Cond", "") + node.get("Recheck Cond", "") for node in family)
    assert all(bounded), json.dumps(family)[:600]


def test_words_merged_in_name_order_are_each_limited_on_postgresql(demo_services, monkeypatch):
    sent = _statements(demo_services, monkeypatch, "Нұрла", limit=200)
    merged = [(sql, params) for sql, params in sent
              if " UNION ALL " in sql and sql.startswith(("SELECT t.", "SELECT * FROM (SELECT t."))]
    assert merged, "«Нұрла» was not read as several words merged in name order"
    sql, params = merged[0]
    if demo_services.engine.dialect.name == "sqlite":
        # SQLite streams the arms in index order into its merge: no sort, no per-arm limit needed
        assert not any("TEMP B-TREE" in detail for detail in _sqlite_plan(demo_services, sql, params))
        return
    appends = [node for node in _nodes(_pg_plan(demo_services, sql, params))
               if node["Node Type"] in ("Append", "Merge Append")]
    assert appends
    for node in appends:
        assert all(child["Node Type"] in ("Limit", "Subquery Scan") for child in node["Plans"]), \
            [child["Node Type"] for child in node["Plans"]]


def test_search_tokens_have_a_fine_statistics_sample_on_postgresql(demo_services):
    if demo_services.engine.dialect.name == "sqlite":
        return  # no such setting
    with demo_services.engine.connect() as connection:
        target = connection.exec_driver_sql(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'person_search_token'::regclass "
            "AND attname = 'token'").scalar()
    assert target == 1000


def _probing(monkeypatch, sample_lists: bool) -> None:
    """Every other word probed per person (none counts as few); with ``sample_lists`` the sample of
    each driver word says the others are too rare beside it to probe (PostgreSQL samples)."""
    from storage import family_search
    monkeypatch.setattr(family_search, "LIST_CAP", 0)
    monkeypatch.setattr(family_search, "PROBE_BUDGET", -1 if sample_lists else 10**9)  # counts are 0: sampled


def test_probed_rows_are_asked_for_a_page_at_a_time_on_postgresql(demo_services, monkeypatch):
    # A PostgreSQL statement computes its whole LIMIT before the first row arrives: with a probe
    # per row, FETCH_FACTOR pages of rows were five times the probes a page needs (34 ms at 1M).
    from storage import family_search
    _probing(monkeypatch, sample_lists=False)
    sent = _statements(demo_services, monkeypatch, "Нұрла а", limit=7)
    merged = [params for sql, params in sent if sql.startswith(("SELECT t.", "SELECT * FROM (SELECT t."))
              and "EXISTS (SELECT 1 FROM person_search_token o" in sql]
    assert merged, "«Нұрла а» was not read with the other word probed"
    first_fetch = merged[0][-1]
    if demo_services.engine.dialect.name == "sqlite":  # SQLite computes a row only when fetched
        assert first_fetch == 7 * family_search.FETCH_FACTOR
    else:
        assert first_fetch == 7


def test_several_driver_words_share_one_list_of_the_other_word_on_postgresql(demo_services, monkeypatch):
    # «Kasymov Nurl»: «kasymov» and «kasymova» each hashed every «nurl…» person, once per arm and
    # again at each continued page (31 ms at 1M); one arm over the prefix hashes them once.
    _probing(monkeypatch, sample_lists=True)
    sent = _statements(demo_services, monkeypatch, "Нұрла а", limit=7)
    pages = [sql for sql, _params in sent if sql.startswith(("SELECT t.", "SELECT * FROM (SELECT t."))
             and "person_search_token o" in sql]
    assert pages
    if demo_services.engine.dialect.name == "sqlite":  # no sample: every row probed
        assert all("EXISTS" in sql for sql in pages)
        return
    assert all(sql.count("IN (SELECT o.person_id") <= 1 for sql in pages), pages
    shared = [sql for sql in pages if sql.startswith("SELECT t.head_sort_key, t.family_id FROM person_search_token t"
                                                     " WHERE t.token >= ? AND t.token < ? AND t.person_id IN")]
    assert shared, "the words of «нурла…» were not read as one arm with one list of «а…»"


def test_a_keystroke_counts_each_range_once_and_stops_at_a_word_nobody_has(demo_services, monkeypatch):
    # The exact, prefix, variant and near groups of one keystroke ask for many of the same ranges
    # (a hosted round trip each); a word that no name has ends its group before any page is read.
    sent = _statements(demo_services, monkeypatch, "Жұмабаева Айгүлз", limit=200)
    counted = [params[i:i + 3] for sql, params in sent if sql.startswith("SELECT (SELECT count(*)")
               for i in range(0, len(params), 3)]
    assert counted and len(counted) == len(set(counted)), counted
    pages = [params for sql, params in sent if sql.startswith(("SELECT t.", "SELECT * FROM (SELECT t."))]
    assert not [params for params in pages if any(str(value).startswith("aigulz") for value in params)], \
        "a page was read although «айгүлз» is nobody's name"
