"""What was typed in the search box, as SQL that stays fast on a million persons.

A search word is a prefix of an IIN (digits) or of a name token (``person_search_token``);
every word must hold for the same person, and a text with digits also matches case
numbers. Two shapes of the same condition are needed because the best plan depends on
how many persons match, and neither engine can guess it for a prefix typed a moment ago:

* **set form** (few matches): collect the matching family ids through the token and IIN
  indexes, then sort only those. Cost grows with the number of matches.
* **probe form** (many matches): walk the families in the order shown (the sort
  column's index) and probe each one's members through ``person.family_id`` and
  ``person_search_token.person_id``; ``LIMIT`` stops the walk after the first page.
  Cost grows with (page size / share of families that match).

``first_page`` counts each word's matches on its own index (bounded, index-only). When
every word is common it walks a bounded stretch of the display order in probe form;
otherwise (or when that stretch holds too few matches) it uses the set form driven by
the rarest word, the other words probed per person.
"""
from __future__ import annotations

import sqlalchemy as sa

from domain.names import search_tokens
from storage import tables
from storage.queries import prefix_range

t_family, t_person, t_token = tables.family, tables.person, tables.person_search_token

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
        person = t_person.alias("iin_person")
        if listed:
            return person_id.in_(sa.select(person.c.id).where(prefix_range(person.c.iin, value)))
        return sa.exists().where(person.c.id == person_id, prefix_range(person.c.iin, value))
    token = t_token.alias("other_token")
    if listed:
        return person_id.in_(sa.select(token.c.person_id).where(prefix_range(token.c.token, value)))
    return sa.exists().where(token.c.person_id == person_id, prefix_range(token.c.token, value))


def _driven(terms: list[tuple[str, str]], driver: int, listed=frozenset()):
    """(family id column, conditions) of the rows of the ``driver`` term's index range on which
    every other term holds for the same person: token rows (they carry the family id) or persons."""
    kind, value = terms[driver]
    if kind == "token":
        source = t_token.alias("token")
        family_id, person_id, conditions = source.c.family_id, source.c.person_id, [
            prefix_range(source.c.token, value)]
    else:
        source = t_person.alias("member")
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


def _walk(session, base_query, text: str, column, descending: bool, limit: int, budget: int) -> list[int] | None:
    """The probe form over the first ``budget`` families in the order shown: the page when the
    matches are spread through that order, None when they are too sparse near its start."""
    if column.nullable:
        return None  # where empty values sort differs between engines; the set form is exact
    order = [column.desc() if descending else column.asc(), t_family.c.id]
    # The stretch ends at the key of the budget-th family: a bound both engines serve from the index.
    bound_query = sa.select(column, t_family.c.id).order_by(*order).offset(budget - 1).limit(1)
    bound = session.execute(bound_query).first()
    query = base_query.where(text_condition(text, probe=True))
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
    if column is t_family.c.head_sort_key and base_query.whereclause is None \
            and _case_condition(text) is None and all(kind == "token" for kind, _value in terms):
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
        page = _walk(session, base_query, text, column, descending, limit, WALK_BUDGET)
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
    driver, listed = 0, frozenset()
    if len(terms) > 1:  # drive by the rarest word; the others as IN lists when few, probes when many
        counts = term_counts(session, terms, LIST_CAP)
        if min(counts) == 0:  # a word nobody has
            return []
        driver = counts.index(min(counts))
        listed = frozenset(i for i, count in enumerate(counts) if count < LIST_CAP)
    words = _words(session, terms[driver][1], MAX_WORDS + 1)
    if not words:
        return []
    if len(words) <= MAX_WORDS:
        return _distinct_page(session, lambda after, fetch: _merge_query(
            terms, driver, listed, words, descending, after, fetch), limit)
    # Many words start so: a short, common prefix whose matches are spread through the name order.
    page = _walk(session, sa.select(t_family.c.id), text, t_family.c.head_sort_key, descending, limit, WALK_BUDGET)
    if page is not None:
        return page
    return _distinct_page(session, lambda after, fetch: _set_query(
        terms, driver, listed, descending, after, fetch), limit)


def _words(session, prefix: str, most: int) -> list[str]:
    """The distinct tokens starting with ``prefix``, at most ``most``: one index seek each
    (a recursive skip scan in one statement, on SQLite and PostgreSQL alike)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    first = t_token.alias("first_word")
    seed = sa.select(sa.cast(sa.func.min(first.c.token), sa.Text).label("word"), sa.literal(1).label("n")) \
        .where(first.c.token >= prefix, first.c.token < upper)
    words = seed.cte("words", recursive=True)
    after = t_token.alias("next_word")
    following = sa.select(sa.cast(sa.func.min(after.c.token), sa.Text)) \
        .where(after.c.token > words.c.word, after.c.token < upper).scalar_subquery()
    words = words.union_all(sa.select(following, words.c.n + 1)
                            .where(words.c.word.is_not(None), words.c.n < most))
    return list(session.scalars(sa.select(words.c.word).where(words.c.word.is_not(None))))


def _order(key, family_id, descending: bool) -> list:
    return [key.desc() if descending else key.asc(), family_id.asc()]


def _after(key, family_id, descending: bool, after):
    """Rows past ``after`` (the last (key, family id) fetched) in the display order."""
    if after is None:
        return sa.true()
    beyond = key < after[0] if descending else key > after[0]
    return sa.or_(beyond, sa.and_(key == after[0], family_id > after[1]))


def _merge_query(terms, driver, listed, words, descending, after, fetch):
    arms = []
    for word in words:
        source, family_id, conditions = _driven(terms, driver, listed)
        conditions[0] = source.c.token == word  # one word: its index rows are in name order already
        key = source.c.head_sort_key
        arms.append(sa.select(key.label("key"), family_id.label("family_id"))
                    .where(*conditions, _after(key, family_id, descending, after))
                    .order_by(*_order(key, family_id, descending)).limit(fetch))
    if len(arms) == 1:
        return arms[0]
    merged = sa.union_all(*(sa.select(arm.subquery()) for arm in arms)).subquery("merged")
    return (sa.select(merged.c.key, merged.c.family_id)
            .order_by(*_order(merged.c.key, merged.c.family_id, descending)).limit(fetch))


def _set_query(terms, driver, listed, descending, after, fetch):
    source, family_id, conditions = _driven(terms, driver, listed)
    key = source.c.head_sort_key
    return (sa.select(key, family_id).where(*conditions, _after(key, family_id, descending, after))
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
