"""What was typed in the search box, as SQL that stays fast on a million persons.

A search word is a prefix of an IIN (digits) or of a name token (``person_search_token``);
every word must hold for the same person, and a text with digits also matches case
numbers. The best plan depends on how many persons match, which neither engine can guess
for a prefix typed a moment ago, so ``first_page`` chooses:

* **names in name order** (the registry's default, no other filter): the token rows carry
  the family id and the head's sort key and IINs are tokens too (``storage.search_tokens``),
  so the page comes from the token indexes alone: word by word in index order when the
  prefix covers few distinct words, a bounded walk of the name order when it covers many
  (or digits may start a case number), else the covering set sorted — ``storage.name_search``;
* **any other order or filter**: the set form (collect the matching family ids through the
  indexes, sort only those) or, when every word is common, the probe form (walk the
  families in the order shown, probe each; ``LIMIT`` stops the walk after the first page).

``text_condition`` gives the same condition for the full list (every id, for the count).
"""
from __future__ import annotations

import sqlalchemy as sa

from domain.search import VARIANT_MARK, MatchKind, bounds, near_prefixes, near_tokens, query_terms
from storage import name_search, tables

t_family, t_person, t_token = tables.family, tables.person, tables.person_search_token
# Aliases built once: building one per keystroke costs more than the engine's work at 10k persons.
# (The same alias in two sibling subqueries is fine: each is its own scope.)
_TOKEN, _OTHER_TOKEN = t_token.alias("token"), t_token.alias("other_token")
_MEMBER, _IIN_PERSON = t_person.alias("member"), t_person.alias("iin_person")

# When every word matches at least this share of persons, its matches are spread through
# the display order and walking it (probe form) finds a page quickly; at most WALK_BUDGET
# families are walked before falling back to the set form (measured, see docs/bench.md).
# The budget holds a page at that share (200 / 0.08): at 1 500 a case number typed that 9 %
# of the families start with («2021» at a million persons) walked in vain and was then sorted.
DENSE_SHARE = 0.08
DENSE_MIN_PERSONS = 2000
WALK_BUDGET = 2500
# A typed prefix covering at most this many distinct words is read word by word in name order.
MAX_WORDS = 12
FETCH_FACTOR = 5  # rows fetched per family wanted: a family shows once per matching member
# Other words typed with fewer matches than this are collected once (an IN list); more, probed per person.
LIST_CAP = 20000
# PostgreSQL: a common other word is probed only when a sample of the driver's matches says a page
# fills within this many probes (storage.name_search._Page._rare_beside).
PROBE_SAMPLE = 200
PROBE_BUDGET = 8000


def search_terms(text: str, kind: int = MatchKind.PREFIX) -> list[tuple[str, str]]:
    """('iin', digits) or ('token', key) for every word typed (``domain.search.query_terms``)."""
    return query_terms(text, kind)


def prefix_range(column, value: str):
    """``column`` in the index range of a term value: a prefix, or a whole word ending in ``$``."""
    if not value:
        return sa.true()
    low, high = bounds(value)
    return sa.and_(column >= low, column < high)


def term_condition(column, kind: str, value: str):
    """``column`` (a token) meets a term: its index range, or for a 'near' term (``domain.search``)
    the variant prefix or one of the whole keys one edit away (an IN list: one seek each)."""
    if kind == "near":
        return sa.or_(*(prefix_range(column, VARIANT_MARK + prefix) for prefix in near_prefixes(value)),
                      column.in_(near_tokens(value)))
    return prefix_range(column, value)


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
        return person_id.in_(sa.select(token.c.person_id).where(term_condition(token.c.token, kind, value)))
    return sa.exists().where(token.c.person_id == person_id, term_condition(token.c.token, kind, value))


def _driven(terms: list[tuple[str, str]], driver: int, listed=frozenset()):
    """(family id column, conditions) of the rows of the ``driver`` term's index range on which
    every other term holds for the same person: token rows (they carry the family id) or persons."""
    kind, value = terms[driver]
    if kind != "iin":
        source = _TOKEN
        family_id, person_id, conditions = source.c.family_id, source.c.person_id, [
            term_condition(source.c.token, kind, value)]
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


def _case_condition(text: str, kind: int = MatchKind.PREFIX):
    """A case number starting with the text typed (prefix matches only)."""
    if kind != MatchKind.PREFIX or not any(c.isdigit() for c in text):
        return None
    return prefix_range(t_family.c.case_number, text)


def text_condition(text: str, probe: bool = False, driver: int | None = 0, kind: int = MatchKind.PREFIX):
    """The family-level condition for ``text`` in set form or probe form (None: nothing can match)."""
    terms = search_terms(text, kind)
    options = []
    if terms:
        if probe or driver is None:  # a token term probes one index entry per family
            driver = next((i for i, (term_kind, _value) in enumerate(terms) if term_kind != "iin"), 0)
        _source, family_id, conditions = _driven(terms, driver)
        if probe:
            options.append(sa.exists().where(family_id == t_family.c.id, *conditions))
        else:
            options.append(t_family.c.id.in_(sa.select(family_id).where(*conditions)))
    case = _case_condition(text, kind)
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
            inner = sa.select(t_token.c.person_id).where(term_condition(t_token.c.token, kind, value))
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


def first_page(session, base_query, text: str, column, descending: bool, limit: int,
               kind: int = MatchKind.PREFIX) -> list[int]:
    """The first ``limit`` family ids for ``text`` matched as ``kind`` in the order shown, with the
    cheaper plan.

    ``base_query`` selects ``family.id`` with every filter except the text. Names alone in
    name order (the registry's default) read the token indexes alone."""
    terms = search_terms(text, kind)
    case = text if _case_condition(text, kind) is not None else None
    if not terms and case is None:
        return []
    if column is t_family.c.head_sort_key and base_query.whereclause is None:
        return name_search.first_page(session, case, terms, descending, limit)
    driver = None
    dense = False
    if terms:
        counts = term_counts(session, terms, _cap(session))
        driver = counts.index(min(counts))
        dense = min(counts) >= _cap(session)  # every word is common: its matches are spread through any order
    if not dense and case is not None:  # or most case numbers start so
        families = session.scalar(sa.select(sa.func.max(t_family.c.id))) or 0
        need = max(DENSE_MIN_PERSONS, int(families * DENSE_SHARE))
        inner = sa.select(t_family.c.id).where(_case_condition(text, kind)).limit(need).subquery()
        dense = session.scalar(sa.select(sa.func.count()).select_from(inner)) >= need
    if dense:
        probe = text_condition(text, probe=True, kind=kind)
        page = _walk(session, base_query, probe, column, descending, limit, WALK_BUDGET)
        if page is not None:
            return page
    condition = text_condition(text, probe=False, driver=driver, kind=kind)
    # COALESCE(x, x) keeps the type and the order but is not an indexed column, so the
    # engine sorts the matches instead of walking the whole sort index to find them.
    wrapped = sa.func.coalesce(column, column)
    key = wrapped.desc() if descending else wrapped.asc()
    query = base_query.where(condition).order_by(key, t_family.c.id).limit(limit)
    return list(session.scalars(query))


def _cap(session) -> int:
    persons = session.scalar(sa.select(sa.func.max(t_person.c.id))) or 0
    return max(DENSE_MIN_PERSONS, int(persons * DENSE_SHARE))
