"""What was typed in the search box, as SQL that stays fast on a million persons.

A search word is a prefix of an IIN (digits) or of a name token (``person_search_token``);
every word must hold for the same person, and a text with digits also matches case
numbers. The best plan depends on how many persons match, which neither engine can guess
for a prefix typed a moment ago, so ``first_page`` chooses:

* **names in name order** (the registry's default, no other filter): the token rows carry
  the family id and the head's sort key and IINs are tokens too (``storage.search_tokens``),
  so the page comes from the token indexes alone: word by word in index order when the
  prefix covers few distinct words, a bounded walk of the name order when it covers many
  (or digits may start a case number), else the covering set sorted — see ``_name_page``;
* **any other order or filter**: the set form (collect the matching family ids through the
  indexes, sort only those) or, when every word is common, the probe form (walk the
  families in the order shown, probe each; ``LIMIT`` stops the walk after the first page).

``text_condition`` gives the same condition for the full list (every id, for the count).
"""
from __future__ import annotations

import sqlalchemy as sa

from domain.names import search_tokens
from storage import raw_sql, tables
from storage.queries import prefix_range
from storage.search_tokens import iin_token

t_family, t_person, t_token = tables.family, tables.person, tables.person_search_token
# Aliases built once: building one per keystroke costs more than the engine's work at 10k persons.
# (The same alias in two sibling subqueries is fine: each is its own scope.)
_TOKEN, _OTHER_TOKEN = t_token.alias("token"), t_token.alias("other_token")
_MEMBER, _IIN_PERSON = t_person.alias("member"), t_person.alias("iin_person")

# When every word matches at least this share of persons, its matches are spread through
# the display order and walking it (probe form) finds a page quickly; at most WALK_BUDGET
# families are walked before falling back to the set form (measured, see docs/bench.md).
DENSE_SHARE = 0.08
DENSE_MIN_PERSONS = 2000
WALK_BUDGET = 1500
# A typed prefix covering at most this many distinct words is read word by word in name order.
MAX_WORDS = 12
FETCH_FACTOR = 5  # rows fetched per family wanted: a family shows once per matching member
# Other words typed with fewer matches than this are collected once (an IN list); more, probed per person.
LIST_CAP = 20000


def search_terms(text: str) -> list[tuple[str, str]]:
    """('iin', digits) or ('token', key) for every word typed."""
    terms: list[tuple[str, str]] = []
    for word in text.split():
        compact = word.replace("-", "")
        if compact.isdigit():
            terms.append(("iin", compact))
        else:
            terms.extend(("token", token) for token in search_tokens(word))
    return terms


def _on_person(person_id, kind: str, value: str, listed: bool):
    """``kind``/``value`` holds for the person ``person_id``: as an IN list when the term's matches
    are few (collected once), as a probe of that person's own index entries otherwise."""
    if kind == "iin":
        person = _IIN_PERSON
        if listed:
            return person_id.in_(sa.select(person.c.id).where(prefix_range(person.c.iin, value)))
        return sa.exists().where(person.c.id == person_id, prefix_range(person.c.iin, value))
    token = _OTHER_TOKEN
    if listed:
        return person_id.in_(sa.select(token.c.person_id).where(prefix_range(token.c.token, value)))
    return sa.exists().where(token.c.person_id == person_id, prefix_range(token.c.token, value))


def _driven(terms: list[tuple[str, str]], driver: int, listed=frozenset()):
    """(family id column, conditions) of the rows of the ``driver`` term's index range on which
    every other term holds for the same person: token rows (they carry the family id) or persons."""
    kind, value = terms[driver]
    if kind == "token":
        source = _TOKEN
        family_id, person_id, conditions = source.c.family_id, source.c.person_id, [
            prefix_range(source.c.token, value)]
    else:
        source = _MEMBER
        family_id, person_id, conditions = source.c.family_id, source.c.id, [prefix_range(source.c.iin, value)]
    for index, (other_kind, other_value) in enumerate(terms):
        if index == driver:
            continue
        if other_kind == "iin" and kind == "iin":
            conditions.append(prefix_range(source.c.iin, other_value))
        else:
            conditions.append(_on_person(person_id, other_kind, other_value, index in listed))
    return source, family_id, conditions


def _case_condition(text: str):
    return prefix_range(t_family.c.case_number, text) if any(c.isdigit() for c in text) else None


def text_condition(text: str, probe: bool = False, driver: int | None = 0):
    """The family-level condition for ``text`` in set form or probe form (None: nothing can match)."""
    terms = search_terms(text)
    options = []
    if terms:
        if probe or driver is None:  # a token term probes one index entry per family
            driver = next((i for i, (kind, _value) in enumerate(terms) if kind == "token"), 0)
        _source, family_id, conditions = _driven(terms, driver)
        if probe:
            options.append(sa.exists().where(family_id == t_family.c.id, *conditions))
        else:
            options.append(t_family.c.id.in_(sa.select(family_id).where(*conditions)))
    case = _case_condition(text)
    if case is not None:
        options.append(case)
    return sa.or_(*options) if options else None


def term_counts(session, terms: list[tuple[str, str]], cap: int) -> list[int]:
    """Persons each term matches, counted on its own index only and no further than ``cap``."""
    counts = []
    for kind, value in terms:
        if kind == "iin":
            inner = sa.select(t_person.c.id).where(prefix_range(t_person.c.iin, value))
        else:
            inner = sa.select(t_token.c.person_id).where(prefix_range(t_token.c.token, value))
        counts.append(session.scalar(sa.select(sa.func.count()).select_from(inner.limit(cap).subquery())))
    return counts


def _walk(session, base_query, condition, column, descending: bool, limit: int, budget: int) -> list[int] | None:
    """The probe form over the first ``budget`` families in the order shown: the page when the
    matches are spread through that order, None when they are too sparse near its start."""
    if column.nullable:
        return None  # where empty values sort differs between engines; the set form is exact
    order = [column.desc() if descending else column.asc(), t_family.c.id]
    # The stretch ends at the key of the budget-th family: a bound both engines serve from the index.
    bound_query = sa.select(column, t_family.c.id).order_by(*order).offset(budget - 1).limit(1)
    bound = session.execute(bound_query).first()
    query = base_query.where(condition)
    if bound is not None:
        beyond = column < bound[0] if descending else column > bound[0]
        query = query.where(sa.not_(sa.or_(beyond, sa.and_(column == bound[0], t_family.c.id > bound[1]))))
    ids = list(session.scalars(query.order_by(*order).limit(limit)))
    return ids if len(ids) >= limit or bound is None else None


def first_page(session, base_query, text: str, column, descending: bool, limit: int) -> list[int]:
    """The first ``limit`` family ids for ``text`` in the order shown, with the cheaper plan.

    ``base_query`` selects ``family.id`` with every filter except the text. Names alone in
    name order (the registry's default) read the token indexes alone."""
    terms = search_terms(text)
    if not terms and _case_condition(text) is None:
        return []
    if column is t_family.c.head_sort_key and base_query.whereclause is None:
        return _name_page(session, text, terms, descending, limit)
    driver = None
    dense = False
    if terms:
        counts = term_counts(session, terms, _cap(session))
        driver = counts.index(min(counts))
        dense = min(counts) >= _cap(session)  # every word is common: its matches are spread through any order
    if not dense and _case_condition(text) is not None:  # or most case numbers start so
        families = session.scalar(sa.select(sa.func.max(t_family.c.id))) or 0
        need = max(DENSE_MIN_PERSONS, int(families * DENSE_SHARE))
        inner = sa.select(t_family.c.id).where(_case_condition(text)).limit(need).subquery()
        dense = session.scalar(sa.select(sa.func.count()).select_from(inner)) >= need
    if dense:
        page = _walk(session, base_query, text_condition(text, probe=True), column, descending, limit, WALK_BUDGET)
        if page is not None:
            return page
    condition = text_condition(text, probe=False, driver=driver)
    # COALESCE(x, x) keeps the type and the order but is not an indexed column, so the
    # engine sorts the matches instead of walking the whole sort index to find them.
    wrapped = sa.func.coalesce(column, column)
    key = wrapped.desc() if descending else wrapped.asc()
    query = base_query.where(condition).order_by(key, t_family.c.id).limit(limit)
    return list(session.scalars(query))


def _cap(session) -> int:
    persons = session.scalar(sa.select(sa.func.max(t_person.c.id))) or 0
    return max(DENSE_MIN_PERSONS, int(persons * DENSE_SHARE))


# --- names in name order: the token indexes alone --------------------------------------------------
# A token row carries its family's head sort key, so ``(token, head_sort_key, family_id, person_id)``
# lists the matches of one word already in name order and ``(family_id, token, person_id)`` probes a
# family. Plans, cheapest first:
#   * ordered merge: the typed prefix covers few distinct words: read each word's rows in index
#     order and merge them; ``LIMIT`` stops after the page (no sort, cost ~ page size);
#   * walk: many words start so (a short prefix, common): walk the families in name order, one
#     index probe each, at most WALK_BUDGET of them;
#   * set: collect the driver's rows from the covering index and sort them (cost ~ matches).
# The other words typed are an IN list when their matches are few, a per-person probe otherwise.

def _name_page(session, text: str, terms: list[tuple[str, str]], descending: bool, limit: int) -> list[int]:
    # An IIN prefix is a prefix of the person's IIN token; digits may also start a case number.
    terms = [("token", iin_token(value)) if kind == "iin" else (kind, value) for kind, value in terms]
    case = _case_condition(text)
    driver, listed, words = 0, frozenset(), []
    if len(terms) > 1:  # drive by the rarest word; the others as IN lists when few, probes when many
        counts = term_counts(session, terms, LIST_CAP)
        driver = counts.index(min(counts))
        listed = frozenset(i for i, count in enumerate(counts) if count < LIST_CAP)
    if terms:
        words = _words(session, terms[driver][1], MAX_WORDS + 1)
    if not words and case is None:
        return []
    if _dense(session, terms[driver] if len(words) > MAX_WORDS else None, case):
        # A short, common prefix (or a case number most start alike): its matches are spread
        # through the name order, so walking that order finds a page soonest.
        probes = [case] if case is not None else []
        if words:
            _source, family_id, conditions = _driven(terms, driver, listed)
            probes.append(sa.exists().where(family_id == t_family.c.id, *conditions))
        page = _walk(session, sa.select(t_family.c.id), sa.or_(*probes), t_family.c.head_sort_key, descending,
                     limit, WALK_BUDGET)
        if page is not None:
            return page
    if case is None and len(words) <= MAX_WORDS:  # the common case: a few words, names only
        return _merged_words_page(session, terms, driver, listed, words, descending, limit)
    arms = []
    if len(words) > MAX_WORDS:
        arms.append(lambda after, fetch: _set_query(terms, driver, listed, descending, after, fetch))
    else:
        arms.extend(lambda after, fetch, word=word: _word_query(terms, driver, listed, word, descending, after, fetch)
                    for word in words)
    if case is not None:
        arms.append(lambda after, fetch: _case_query(case, descending, after, fetch))
    return _distinct_page(session, lambda after, fetch: _merged([arm(after, fetch) for arm in arms], descending,
                                                                fetch), limit)


def _dense(session, term, case) -> bool:
    """Whether the token ``term`` or the ``case`` condition matches a large share of families
    (counted on its own index, no further than that share), so that a walk pays off."""
    if term is None and case is None:
        return False
    families = session.scalar(sa.select(sa.func.max(t_family.c.id))) or 0
    need = int(families * DENSE_SHARE)  # matches (a family may count more than once: a bound, not a count)
    if term is not None and term_counts(session, [term], need)[0] >= need:
        return True
    if case is None:
        return False
    inner = sa.select(t_family.c.id).where(case).limit(need).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(inner)) >= need


# The distinct tokens in [lo, hi), at most ``most``: one index seek each (a recursive skip scan in
# one statement, on SQLite and PostgreSQL alike; CAST: both arms of the recursion share one type).
_WORDS_SQL = (
    "WITH RECURSIVE words(word, n) AS ("
    " SELECT CAST((SELECT min(token) FROM person_search_token WHERE token >= ? AND token < ?) AS TEXT), 1"
    " UNION ALL"
    " SELECT CAST((SELECT min(token) FROM person_search_token WHERE token > words.word AND token < ?) AS TEXT), n + 1"
    " FROM words WHERE words.word IS NOT NULL AND n < ?)"
    " SELECT word FROM words WHERE word IS NOT NULL")


def _words(session, prefix: str, most: int) -> list[str]:
    """The distinct tokens starting with ``prefix``, at most ``most``."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    with raw_sql.Cursor(session) as cursor:
        return cursor.execute(_WORDS_SQL, (prefix, upper, upper, most)).scalars()


def _order(key, family_id, descending: bool) -> list:
    return [key.desc() if descending else key.asc(), family_id.asc()]


def _after(key, family_id, descending: bool, after):
    """Rows past ``after`` (the last (key, family id) fetched) in the display order."""
    if after is None:
        return sa.true()
    beyond = key < after[0] if descending else key > after[0]
    return sa.or_(beyond, sa.and_(key == after[0], family_id > after[1]))


def _word_query(terms, driver, listed, word, descending, after, fetch):
    source, family_id, conditions = _driven(terms, driver, listed)
    conditions[0] = source.c.token == word  # one word: its index rows are in name order already
    key = source.c.head_sort_key
    return (sa.select(key.label("key"), family_id.label("family_id"))
            .where(*conditions, _after(key, family_id, descending, after))
            .order_by(*_order(key, family_id, descending)).limit(fetch))


def _case_query(case, descending, after, fetch):
    key, family_id = t_family.c.head_sort_key, t_family.c.id
    # Sorted from the (case_number, head_sort_key) index: COALESCE keeps the engine off the name index.
    wrapped = sa.func.coalesce(key, key)
    return (sa.select(key.label("key"), family_id.label("family_id"))
            .where(case, _after(key, family_id, descending, after))
            .order_by(*_order(wrapped, family_id, descending)).limit(fetch))


def _merged(arms: list, descending: bool, fetch: int):
    """The arms' (key, family id) rows, each arm in display order, merged into that order."""
    if len(arms) == 1:
        return arms[0]
    merged = sa.union_all(*(sa.select(arm.subquery()) for arm in arms)).subquery("merged")
    return (sa.select(merged.c.key, merged.c.family_id)
            .order_by(*_order(merged.c.key, merged.c.family_id, descending)).limit(fetch))


def _set_query(terms, driver, listed, descending, after, fetch):
    source, family_id, conditions = _driven(terms, driver, listed)
    key = source.c.head_sort_key
    return (sa.select(key.label("key"), family_id.label("family_id")).where(*conditions, _after(key, family_id, descending, after))
            .order_by(*_order(key, family_id, descending)).limit(fetch))


def _distinct_page(session, make_query, limit: int) -> list[int]:
    """Distinct family ids from (key, family id) rows in display order: a family shows once per
    matching member, so rows are fetched a few pages at a time and continued after the last."""
    fetch = limit * FETCH_FACTOR
    ids: list[int] = []
    seen: set[int] = set()
    after = None
    while True:
        rows = session.execute(make_query(after, fetch)).all()
        for key, family_id in rows:
            if family_id not in seen:
                seen.add(family_id)
                ids.append(family_id)
                if len(ids) == limit:
                    return ids
        if len(rows) < fetch:
            return ids
        after = rows[-1]


# --- the ordered merge as hand-written SQL (it runs at most keystrokes) ------------------------------
# Each word's arm reads ``ix_person_search_token_key`` at ``token = ?`` (already in name order) and a
# compound ``UNION ALL … ORDER BY … LIMIT`` merges the arms as they stream: no arm is sorted and the
# engine stops after the rows fetched. (Wrapping each arm in a subquery with its own LIMIT, as an
# expression builder does, makes SQLite sort every arm into a temporary B-tree first.)

def _other_word_sql(listed: bool) -> str:
    if listed:
        return " AND t.person_id IN (SELECT o.person_id FROM person_search_token o WHERE o.token >= ? AND o.token < ?)"
    return (" AND EXISTS (SELECT 1 FROM person_search_token o WHERE o.person_id = t.person_id"
            " AND o.token >= ? AND o.token < ?)")


def _merged_words_sql(terms, driver, listed, words, descending: bool, after) -> tuple[str, list]:
    others, other_params = "", []
    for index, (_kind, value) in enumerate(terms):
        if index != driver:
            others += _other_word_sql(index in listed)
            other_params += [value, value[:-1] + chr(ord(value[-1]) + 1)]
    beyond, after_params = "", []
    if after is not None:
        beyond = f" AND (t.head_sort_key {'<' if descending else '>'} ? OR (t.head_sort_key = ? AND t.family_id > ?))"
        after_params = [after[0], after[0], after[1]]
    arm = "SELECT t.head_sort_key, t.family_id FROM person_search_token t WHERE t.token = ?" + others + beyond
    params: list = []
    for word in words:
        params += [word, *other_params, *after_params]
    sql = " UNION ALL ".join([arm] * len(words)) + f" ORDER BY 1 {'DESC' if descending else 'ASC'}, 2 ASC LIMIT ?"
    return sql, params


def _merged_words_page(session, terms, driver, listed, words, descending: bool, limit: int) -> list[int]:
    """Distinct family ids of the words' token rows in display order. A family shows once per
    matching member (its rows are adjacent: same key, same id); rows are read as the engine
    produces them, ``FETCH_FACTOR`` pages at most per statement, continued after the last."""
    fetch = limit * FETCH_FACTOR
    ids: list[int] = []
    seen: set[int] = set()
    after = None
    with raw_sql.Cursor(session) as cursor:
        while True:
            sql, params = _merged_words_sql(terms, driver, listed, words, descending, after)
            count = 0
            for row in cursor.execute(sql, [*params, fetch]).rows():
                count += 1
                if row[1] not in seen:
                    seen.add(row[1])
                    ids.append(row[1])
                    if len(ids) == limit:
                        return ids
                after = row
            if count < fetch:
                return ids
