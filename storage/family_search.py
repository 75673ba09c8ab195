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


def _person_conditions(terms: list[tuple[str, str]], person, probe: bool, driver: int | None = None) -> list:
    """One condition per term on ``person``: token terms as a probe of the person's own tokens,
    except the ``driver`` term in set form (the rows of its index range are the candidates)."""
    conditions = []
    for index, (kind, value) in enumerate(terms):
        if kind == "iin":
            conditions.append(prefix_range(person.c.iin, value))
        elif probe or index != driver:
            conditions.append(sa.exists().where(t_token.c.person_id == person.c.id,
                                                prefix_range(t_token.c.token, value)))
        else:
            conditions.append(person.c.id.in_(
                sa.select(t_token.c.person_id).where(prefix_range(t_token.c.token, value))))
    return conditions


def _case_condition(text: str):
    return prefix_range(t_family.c.case_number, text) if any(c.isdigit() for c in text) else None


def text_condition(text: str, probe: bool = False, driver: int | None = 0):
    """The family-level condition for ``text`` in set form or probe form (None: nothing can match)."""
    terms = search_terms(text)
    options = []
    if terms:
        if probe:
            member = t_person.alias("member")
            options.append(sa.exists().where(member.c.family_id == t_family.c.id,
                                             *_person_conditions(terms, member, probe=True)))
        else:
            if driver is not None and terms[driver][0] == "iin":
                driver = None  # an IIN range drives through the person.iin index by itself
            options.append(t_family.c.id.in_(sa.select(t_person.c.family_id).where(
                *_person_conditions(terms, t_person, probe=False, driver=driver))))
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

    ``base_query`` selects ``family.id`` with every filter except the text."""
    terms = search_terms(text)
    if not terms and _case_condition(text) is None:
        return []
    driver = None
    dense = False
    if terms:
        persons = session.scalar(sa.select(sa.func.max(t_person.c.id))) or 0
        cap = max(DENSE_MIN_PERSONS, int(persons * DENSE_SHARE))
        counts = term_counts(session, terms, cap)
        driver = counts.index(min(counts))
        dense = min(counts) >= cap  # every word is common: its matches are spread through any order
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
