"""The first page of names in name order (the registry's default) from the token indexes alone.

A token row carries its family's head sort key, so ``(token, head_sort_key, family_id, person_id)``
lists the matches of one word already in name order and ``(family_id, token, person_id)`` probes a
family. Plans, cheapest first:

* ordered merge: the typed prefix covers few distinct words: each word's rows are read in index
  order and merged as they stream (``UNION ALL … ORDER BY … LIMIT``: no sort, cost ~ page size);
* walk: many words start so (a short prefix, common) or most case numbers do: walk the families
  in name order, one index probe each, at most ``WALK_BUDGET`` of them;
* set: collect the driver's rows from the covering index and sort them (cost ~ matches).

The other words typed are an IN list when their matches are few, a per-person probe otherwise.
Digits are an IIN token prefix (``#`` + digits) and may start a case number. A family appears
once per matching member (its rows are adjacent: same key, same id), so rows are de-duplicated
and continued after the last one.

Every statement is hand-written SQL on the driver's cursor (``storage.raw_sql``): this runs at
every keystroke, and building SQLAlchemy expressions for it cost more than the engine's work.
The thresholds live in ``storage.family_search`` (tests force each plan through them).
"""
from __future__ import annotations

from domain.search import VARIANT_MARK, WHOLE_WORD, bounds, near_prefixes, near_tokens
from storage import family_search as plan
from storage.raw_sql import Cursor
from storage.search_tokens import iin_token

_COUNT_SQL = "SELECT count(*) FROM (SELECT 1 FROM person_search_token WHERE token >= ? AND token < ? LIMIT ?) c{n}"
# "At least n matches": the n-th entry of the index range exists (OFFSET skips entries inside the
# engine's loop, measured 40 % cheaper than counting them through a subquery).
_NTH_TOKEN_SQL = "SELECT 1 FROM person_search_token WHERE token >= ? AND token < ? ORDER BY token LIMIT 1 OFFSET ?"
_NTH_CASE_SQL = "SELECT 1 FROM family WHERE case_number >= ? AND case_number < ? ORDER BY case_number LIMIT 1 OFFSET ?"
# "Common": more matches than a share of the families (the largest family id stands for their
# number), in the same statement as the count it is compared with (one round trip less).
_SHARE_SQL = "(SELECT CAST(coalesce(max(id), 0) * ? AS INTEGER) FROM family)"
# The distinct tokens in [lo, hi), at most ``most``: one index seek each (a recursive skip scan in
# one statement, on SQLite and PostgreSQL alike; CAST: both arms of the recursion share one type).
_WORDS_SQL = (
    "WITH RECURSIVE words(word, n) AS ("
    " SELECT CAST((SELECT min(token) FROM person_search_token WHERE token >= ? AND token < ?) AS TEXT), 1"
    " UNION ALL"
    " SELECT CAST((SELECT min(token) FROM person_search_token WHERE token > words.word AND token < ?) AS TEXT), n + 1"
    " FROM words WHERE words.word IS NOT NULL AND n < ?)"
    " SELECT word FROM words WHERE word IS NOT NULL")


# A whole word's range ends just after the word (``domain.search.bounds``): no skip scan is needed
# to list the words in it (a statement less per group and keystroke).
_WHOLE_WORD_END = bounds("x" + WHOLE_WORD)[1][1:]


def upper(prefix: str) -> str:
    """The first string after every string that starts with ``prefix`` (``storage.queries.prefix_range``)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _range(value: str) -> tuple[str, str]:
    """[low, high) of a term: a prefix, or a whole word (``domain.search.bounds``)."""
    return bounds(value)


# Which of the whole tokens listed exist: one seek of the token index each, in one statement
# (a near term's few hundred keys one edit away, of which a handful are somebody's name).
_EXISTING_SQL = ("WITH wanted(token) AS (VALUES {values}) SELECT w.token FROM wanted w"
                 " WHERE EXISTS (SELECT 1 FROM person_search_token t WHERE t.token = w.token)")


def first_page(session, case: str | None, terms: list[tuple[str, str]], descending: bool, limit: int) -> list[int]:
    """``case``: the text typed when it may start a case number (has digits), else None."""
    terms = [("token", iin_token(value)) if kind == "iin" else (kind, value) for kind, value in terms]
    with Cursor(session) as cursor:
        # The groups of one keystroke (exact, prefix, variant, near) ask about many of the same
        # ranges: their counts and words are kept for the unit of work, which is the keystroke's
        known = session.info.setdefault("name_search", {})
        return _Page(cursor, _term_ranges(cursor, terms), descending, limit, known).run(case)


def _term_ranges(cursor: Cursor, terms: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The index ranges each term may match (any of them): one for a prefix or a whole word; for a
    'near' term its variant prefixes and each whole key one edit away that somebody has."""
    wanted = sorted({token for kind, value in terms if kind == "near" for token in near_tokens(value)})
    existing: set[str] = set()
    if wanted:
        values = ",".join(["(CAST(? AS TEXT))"] + ["(?)"] * (len(wanted) - 1))
        existing = set(cursor.execute(_EXISTING_SQL.format(values=values), wanted).scalars())
    ranges = []
    for kind, value in terms:
        if kind == "near":
            ranges.append([_range(VARIANT_MARK + prefix) for prefix in near_prefixes(value)]
                          + [_range(token + WHOLE_WORD) for token in near_tokens(value) if token in existing])
        else:
            ranges.append([_range(value)])
    return ranges


def _any_of(column: str, ranges: list[tuple[str, str]]) -> tuple[str, list]:
    """SQL for ``column`` in any of ``ranges`` (each an index range the engine seeks)."""
    one = f"{column} >= ? AND {column} < ?"
    params = [bound for pair in ranges for bound in pair]
    if len(ranges) == 1:
        return one, params
    return "(" + " OR ".join(f"({one})" for _pair in ranges) + ")", params


class _Page:
    def __init__(self, cursor: Cursor, terms: list[list[tuple[str, str]]], descending: bool, limit: int,
                 known: dict | None = None) -> None:
        self.cursor, self.terms, self.descending, self.limit = cursor, terms, descending, limit
        self.driver, self.listed = 0, frozenset()
        self.known = {} if known is None else known  # (what, range) → count or words

    def run(self, case: str | None) -> list[int]:
        cursor, terms = self.cursor, self.terms
        sampled = False
        if len(terms) > 1:  # drive by the rarest word; the others as IN lists when few, probes when many
            counts = self._counts(max(plan.LIST_CAP, 1))
            if min(counts) == 0 and case is None:
                return []  # a word no name has: no person matches every word
            self.driver = counts.index(min(counts))
            self.listed = frozenset(i for i, count in enumerate(counts) if count < plan.LIST_CAP)
            # PostgreSQL: probing every match of a driver with few of them is bounded; otherwise
            # a sample says whether a page fills soon enough by probing
            sampled = not cursor.sqlite and counts[self.driver] > plan.PROBE_BUDGET
        words: list[str] = []
        if terms:
            for low, high in terms[self.driver]:
                if high == low + _WHOLE_WORD_END:  # one whole word: its arm is one seek, found or not
                    words.append(low)
                    continue
                key = ("words", low, high)
                if key not in self.known:
                    self.known[key] = cursor.execute(_WORDS_SQL, (low, high, high, plan.MAX_WORDS + 1)).scalars()
                words += self.known[key]
        many = len(words) > plan.MAX_WORDS
        word_listed: dict[str, frozenset[int]] = {}
        if sampled and many:  # the driver's matches as one set (the walk, the sorted arm)
            self.listed |= self._rare_beside(*_any_of("t.token", terms[self.driver]))
        elif sampled:  # word by word: a word seldom found with the others (a surname's female
            # form beside a man's given name) would be read whole by its arm of the merge
            word_listed = {word: self.listed | self._rare_beside("t.token = ?", [word], counted=True)
                           for word in words}
        if case is not None and not self._at_least(_NTH_CASE_SQL, _range(case), 1):
            case = None  # no case number starts so (most digits typed are an IIN): one arm less
        if not words and case is None:
            return []
        # A short, common prefix (or a case number many start alike): its matches are spread
        # through the name order, so walking that order finds a page soonest. Counted on its
        # own index, no further than that share (a family may count more than once: a bound).
        # A case number prefix with a page of matches is walked without counting to the share:
        # the count reads a twelfth of the case index (11-18 ms at a million persons on a
        # server), the bounded walk less, and it says itself when the matches are too sparse.
        if (case is not None and self._at_least(_NTH_CASE_SQL, _range(case), self.limit)) or (
                many and self._common(_NTH_TOKEN_SQL, terms[self.driver][0])):
            page = self._walk(bool(words), case)
            if page is not None:
                return page
        arms = []
        if len(word_listed) > 1 and any(listed != self.listed for listed in word_listed.values()):
            # a word of several to list: the others' matches are listed once for all of them, one
            # hash and not one per word and continued page («Kasymov Nurl» at a million persons:
            # «kasymova» beside «nurl», 42 → 22 ms a keystroke)
            self.listed = frozenset().union(*word_listed.values())
            word_listed = {}
            many = True
        if many:
            arms.append(self._arm(*_any_of("t.token", terms[self.driver]), sort=True))
        else:
            arms.extend(self._arm("t.token = ?", [word], listed=word_listed.get(word)) for word in words)
        if case is not None:
            arms.append(("SELECT f.head_sort_key, f.id FROM family f WHERE f.case_number >= ? AND f.case_number < ?",
                         _range(case), "case"))
        probing = not cursor.sqlite and any(
            index != self.driver and index not in listed
            for listed in (word_listed.values() or (self.listed,)) for index in range(len(terms)))
        return self._distinct(arms, probing)

    def _counts(self, cap: int) -> list[int]:
        """Tokens each term matches, no further than ``cap`` per range: every range not counted yet
        in this unit of work counted in one statement (one round trip per group at most, not one
        per word typed)."""
        parts, params, asked = [], [], []
        for ranges in self.terms:
            for pair in ranges:
                key = ("count", *pair, cap)
                if key not in self.known and key not in asked:
                    parts.append(f"({_COUNT_SQL.format(n=len(parts))})")
                    params += [*pair, cap]
                    asked.append(key)
        if parts:
            self.known.update(zip(asked, self.cursor.execute("SELECT " + ", ".join(parts), params).all()[0]))
        return [sum(self.known[("count", *pair, cap)] for pair in ranges) for ranges in self.terms]

    def _probed(self, column: str, ranges: list[tuple[str, str]]) -> str:
        """The token column as a probe per person tests it against several ranges: on PostgreSQL
        as COALESCE(x, x), so that the probe reads the person's few tokens and filters them
        instead of one index descent per range (a near word's thirty ranges: 89 µs a probe)."""
        if self.cursor.sqlite or len(ranges) == 1:
            return column
        return f"coalesce({column}, {column})"

    def _rare_beside(self, driver: str, driver_params: list, counted: bool = False) -> frozenset[int]:
        """PostgreSQL: the other words, not yet listed, that too few of the driver's persons also
        match for probing each of them (about 2 µs a probe on a server) to fill a page within
        ``PROBE_BUDGET`` probes; those are listed instead (a hash join, whose cost grows with that
        word's matches). ``driver`` is SQL on ``t.token``; its first ``PROBE_SAMPLE`` matches,
        probed for every such word in one statement, give the shares. ``counted``: the driver's
        matches are counted up to the budget first (fewer are all probed: the budget bounds
        them); otherwise they are known to exceed it. SQLite's probes are cheap enough to probe
        every driver row."""
        probed = [i for i in range(len(self.terms)) if i != self.driver and i not in self.listed]
        if not probed:
            return frozenset()
        filters, params = [], []
        for index in probed:
            probe, probe_params = self._probe("s.person_id", self.terms[index])
            filters.append(f"count(*) FILTER (WHERE {probe})")
            params += probe_params
        total = f"(SELECT count(*) FROM (SELECT 1 FROM person_search_token t WHERE {driver} LIMIT ?) n)"
        total_params = [*driver_params, plan.PROBE_BUDGET + 1]
        if not counted:
            total, total_params = "?", [plan.PROBE_BUDGET + 1]
        matches, sampled, *hits = self.cursor.execute(
            f"SELECT CAST({total} AS INTEGER), count(*), {', '.join(filters)}"
            f" FROM (SELECT t.person_id FROM person_search_token t WHERE {driver} LIMIT ?) s",
            [*total_params, *params, *driver_params, plan.PROBE_SAMPLE]).all()[0]
        if matches <= plan.PROBE_BUDGET:
            return frozenset()
        # a page needs about one probed row per family (``_distinct`` asks for more only when
        # families match through several members)
        return frozenset(index for index, hit in zip(probed, hits) if hit * plan.PROBE_BUDGET < self.limit * sampled)

    def _probe(self, person_id: str, ranges: list[tuple[str, str]]) -> tuple[str, list]:
        """SQL: the person ``person_id`` has a token in any of ``ranges``, probed for that person.
        OFFSET 0 keeps PostgreSQL to the probe chosen from the counts: it would otherwise hash
        every match of the common word («Kasymov N»: 164 000 entries of "n…" read for each
        spelling of the surname, 80 ms)."""
        condition, params = _any_of(self._probed("o.token", ranges), ranges)
        fence = "" if self.cursor.sqlite else " OFFSET 0"
        return (f"EXISTS (SELECT 1 FROM person_search_token o WHERE o.person_id = {person_id}"
                f" AND {condition}{fence})"), params

    def _at_least(self, sql: str, pair: tuple[str, str], count: int) -> bool:
        return count <= 0 or bool(self.cursor.execute(sql, (*pair, count - 1)).all())

    def _common(self, sql: str, pair: tuple[str, str]) -> bool:
        """More matches in ``pair`` than a share of the families (``plan.DENSE_SHARE``)."""
        return bool(self.cursor.execute(sql.replace("OFFSET ?", f"OFFSET {_SHARE_SQL}"),
                                        (*pair, plan.DENSE_SHARE)).all())

    def _others(self, person_id: str, listed: frozenset[int] | None = None) -> tuple[str, list]:
        """The conditions of the other words typed, on the person ``person_id``: the ``listed``
        ones (by default the page's) as IN lists, the rest probed."""
        listed = self.listed if listed is None else listed
        sql, params = "", []
        for index, ranges in enumerate(self.terms):
            if index == self.driver:
                continue
            if index in listed:
                condition, bounds_ = _any_of("o.token", ranges)
                sql += (f" AND {person_id} IN (SELECT o.person_id FROM person_search_token o"
                        f" WHERE {condition})")
            else:
                condition, bounds_ = self._probe(person_id, ranges)
                sql += f" AND {condition}"
            params += bounds_
        return sql, params

    def _arm(self, condition: str, params: list, sort: bool = False,
             listed: frozenset[int] | None = None) -> tuple[str, list, str]:
        others, other_params = self._others("t.person_id", listed)
        return (f"SELECT t.head_sort_key, t.family_id FROM person_search_token t WHERE {condition}{others}",
                [*params, *other_params], "sort" if sort else "ordered")

    def _walk(self, words: bool, case: str | None) -> list[int] | None:
        """The families in name order, one probe each, no further than ``WALK_BUDGET`` of them: the
        page when the matches are spread through that order, None when too sparse near its start."""
        direction = "DESC" if self.descending else "ASC"
        order = f"ORDER BY f.head_sort_key {direction}, f.id ASC"
        # The stretch ends at the WALK_BUDGET-th family: uncorrelated subqueries of the walk itself,
        # which both engines compute once (one statement, one round trip).
        key, last = (f"(SELECT b.{column} FROM family b {order.replace('f.', 'b.')} LIMIT 1 OFFSET ?)"
                     for column in ("head_sort_key", "id"))
        probes, params = [], []
        if case is not None:
            # On SQLite COALESCE(x, x): no index on the case number for the walk (SQLite would read
            # every case number of a common prefix from its index and sort them, "202": 27 ms).
            # PostgreSQL walks the name index as asked, but would misjudge the COALESCE as rare
            # and read the whole table instead.
            number = "coalesce(f.case_number, f.case_number)" if self.cursor.sqlite else "f.case_number"
            probes.append(f"({number} >= ? AND {number} < ?)")
            params += _range(case)
        if words:
            others, other_params = self._others("t.person_id")
            condition, driver_params = _any_of("t.token", self.terms[self.driver])
            probes.append(f"EXISTS (SELECT 1 FROM person_search_token t WHERE t.family_id = f.id AND {condition}{others})")
            params += [*driver_params, *other_params]
        within = ">=" if self.descending else "<="
        end = "min" if self.descending else "max"
        # The stretch's end as a plain bound on the name key (an index condition: PostgreSQL
        # cannot bound the scan with an OR of "no end" and the end, and read every family for a
        # case number typed); with fewer families than the budget, the last family is the end.
        key_end = f"coalesce({key}, (SELECT {end}(e.head_sort_key) FROM family e))"
        last_end = f"coalesce({last}, (SELECT max(e.id) FROM family e))"
        # The bound's id is selected too: NULL when the register has fewer families than the budget
        # (the walk covered it all: its page is the page, however short).
        sql = (f"SELECT f.id, {last} FROM family f WHERE ({' OR '.join(probes)})"
               f" AND f.head_sort_key {within} {key_end}"
               f" AND NOT (f.head_sort_key = {key_end} AND f.id > {last_end})")
        budget = plan.WALK_BUDGET - 1
        found = self.cursor.execute(f"{sql} {order} LIMIT ?", (budget, *params, budget, budget, budget,
                                                               self.limit)).all()
        if len(found) >= self.limit or (found and found[0][1] is None):
            return [row[0] for row in found]
        return None  # too sparse near the start (or nothing found there: the set form is exact)

    def _merged(self, arms, after, fetch: int) -> tuple[str, list]:
        """The arms' (key, family id) rows past ``after``, merged in display order. An arm served
        in that order by its index streams into the merge; any other is sorted (top ``fetch``)."""
        direction = "DESC" if self.descending else "ASC"
        parts, params = [], []
        for number, (sql, arm_params, kind) in enumerate(arms):
            key, family_id = ("f.head_sort_key", "f.id") if kind == "case" else ("t.head_sort_key", "t.family_id")
            if after is not None:
                sql += f" AND ({key} {'<' if self.descending else '>'} ? OR ({key} = ? AND {family_id} > ?))"
                arm_params = [*arm_params, after[0], after[0], after[1]]
            # COALESCE(x, x) keeps the order but is no indexed column: the engine sorts this arm's
            # matches instead of walking the whole name index to find them.
            sort_key = f"coalesce({key}, {key})" if kind == "case" else key
            if len(arms) == 1:  # one arm: its own ORDER BY (wrapped, SQLite would sort it twice)
                return f"{sql} ORDER BY {sort_key} {direction}, {family_id} ASC LIMIT ?", [*arm_params, fetch]
            if kind == "ordered" and self.cursor.sqlite:
                parts.append(sql)
                params += arm_params
                continue
            # PostgreSQL plans a bare UNION ALL of index scans as Append + Sort of every match
            # ("нурла": 30 000 rows sorted for 1 000 wanted); each arm's own ORDER BY … LIMIT
            # lets it merge the arms as they stream (Merge Append), at most ``fetch`` rows each.
            parts.append(f"SELECT * FROM ({sql} ORDER BY {sort_key} {direction}, {family_id} ASC LIMIT ?) a{number}")
            params += [*arm_params, fetch]
        return f"{' UNION ALL '.join(parts)} ORDER BY 1 {direction}, 2 ASC LIMIT ?", [*params, fetch]

    def _distinct(self, arms, probing: bool = False) -> list[int]:
        """Distinct family ids in display order, ``FETCH_FACTOR`` pages of rows at most per
        statement, continued after the last row.

        SQLite computes a row only when it is fetched, so one statement asks for the most. A
        PostgreSQL statement computes every row of its LIMIT before the first arrives: where
        each row costs a probe of another word, it asks for one row per family still wanted at
        first («Сейиткалиев Т»: 1 000 probed rows were 34 ms for the 200 families of a page,
        each matching once), then for as many more as the rows per family seen so far say.
        Rows without probes are cheap, and a listed word's hash is built again by each
        statement: those ask for the most at once."""
        most = self.limit * plan.FETCH_FACTOR
        fetch = self.limit if probing else most
        ids: list[int] = []
        seen: set[int] = set()
        after = None
        rows_read = 0
        while True:
            count = 0
            for row in self.cursor.execute(*self._merged(arms, after, fetch)).rows():
                count += 1
                if row[1] not in seen:
                    seen.add(row[1])
                    ids.append(row[1])
                    if len(ids) == self.limit:
                        return ids
                after = row
            if count < fetch:
                return ids
            rows_read += count
            wanted = self.limit - len(ids)
            # twice what the rows per family so far say, and never a handful: a statement costs
            # more than a hundred probes
            fetch = min(most, max(self.limit // 2, -(-wanted * rows_read * 2 // max(1, len(ids)))))
