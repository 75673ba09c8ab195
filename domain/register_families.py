"""Grouping register rows into families and finding people entered twice.

A register lists one person per row. Rows of one family are consecutive: they share
«№ семьи»/«Отбасы №» (often one merged cell, so only the first row carries it), or a
family starts at each «глава семьи» row. A family is imported whole or not at all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator

from domain.errors import FieldProblem
from domain.families import Relation
from domain.sorted_index import SortedIndex
from domain.messages import N_
from domain.register_header import Header
from domain.register_rows import ParsedRow


@dataclass(eq=False)
class RowGroup:
    """The rows of one family in file order; ``head`` is set by ``settle_family``."""

    key: str | None
    rows: list[ParsedRow] = field(default_factory=list)
    head: ParsedRow | None = None
    existing_family_id: int | None = None  # new members join this family (its head is already registered)
    move: tuple[int, dt.date, str] | None = None  # (inclusion id, moved on, address): the move the import records


class FamilyGrouper:
    """Feed rows in file order; completed families come out as soon as the next one starts."""

    def __init__(self, header: Header) -> None:
        self.by_number = header.has("family_no")
        self.by_relation = header.has("relation")
        self._current: RowGroup | None = None
        self._closed_keys: dict[str, int] = {}

    def add(self, row: ParsedRow) -> Iterator[RowGroup]:
        key = row.values.get("family_no") or None
        current = self._current
        starts = current is None
        if self.by_number and key is not None:
            starts = current is None or key != current.key
            if starts and key in self._closed_keys:
                row.errors.append(FieldProblem("family_no", N_(
                    "The family number {value} was already used at row {row}: keep the rows of one family "
                    "together."), {"value": key, "row": self._closed_keys[key]}))
        elif self.by_relation:
            starts = starts or row.values.get("relation") == Relation.HEAD
        elif not self.by_number:
            starts = True
        if starts or current is None:
            if current is not None:
                yield self._close()
            current = self._current = RowGroup(key)
        current.rows.append(row)

    def finish(self) -> Iterator[RowGroup]:
        if self._current is not None:
            yield self._close()

    def _close(self) -> RowGroup:
        group = self._current
        assert group is not None, "closing a family that was never started"
        if group.key is not None:
            self._closed_keys.setdefault(group.key, group.rows[0].row)
        self._current = None
        settle_family(group)
        return group


def settle_family(group: RowGroup) -> None:
    """Exactly one head: the row that says so, or else the first row; the rest get a relation."""
    heads = [r for r in group.rows if r.values.get("relation") == Relation.HEAD]
    if not heads:
        first = group.rows[0]
        if first.values.get("relation") is None:
            first.values["relation"] = Relation.HEAD
            if first.relation_given is False and len(group.rows) > 1:
                first.repairs.append(FieldProblem("relation", N_(
                    "No relation was given: the first row of the family is taken as the head of family.")))
            heads = [first]
        else:
            first.errors.append(FieldProblem("relation", N_(
                "This family has no head of family: mark one of its rows «head» («глава», «басшысы»).")))
    group.head = heads[0] if heads else None
    for extra in heads[1:]:
        extra.errors.append(FieldProblem("relation", N_(
            "The family already has a head (row {row})."), {"row": heads[0].row}))
    for row in group.rows:
        if row.values.get("relation") is None:
            row.values["relation"] = Relation.OTHER
            row.warnings.append(FieldProblem("relation", N_(
                "No relation to the head of family is given: recorded as «Other relative».")))


class DuplicateIndex:
    """The first row of each IIN and of each name + birth date seen so far in the file.

    Two rows with the same name and birth date but two different IINs are two persons."""

    def __init__(self) -> None:
        # The index lives as long as the import and is its one structure that grows with the rows,
        # so it is kept in sorted arrays (``domain.sorted_index``, ≈16 bytes an entry beside the
        # name strings): an IIN as the number its 12 digits spell, and a name + birth date as one
        # string whose value packs the first row and its IIN into one number (``_pack``). An IIN
        # that is not 12 digits (a refused row never gets here) waits in a plain dict.
        self._iins: SortedIndex[int] = SortedIndex(integer_keys=True)
        self._names: SortedIndex[str] = SortedIndex(integer_keys=False)
        self._odd: dict[str, tuple[int, str | None]] = {}

    def check(self, row: ParsedRow) -> None:
        """Marks ``row`` as a duplicate of an earlier row, or remembers it."""
        if row.errors:
            return
        iin = row.values.get("iin")
        birth_date = row.values.get("birth_date")
        name = f"{row.name_key}\x1f{birth_date.isoformat() if birth_date else ''}" if row.name_key else ""
        key = iin_key(iin) if iin else None
        earlier = self._first_of_iin(key) if key is not None else None
        if earlier is None and name:
            first = self._first_of_name(name)
            if first is not None:
                first_row, first_iin = first
                if not (iin and first_iin and iin != first_iin):
                    earlier = first_row
        if earlier is not None:
            row.duplicate_of = earlier
            return
        if isinstance(key, int):
            self._iins.add(key, row.row)
        elif key is not None:
            self._odd.setdefault("iin\x1f" + key, (row.row, None))
        if name and self._first_of_name(name) is None:
            packed = _pack(row.row, iin)
            if isinstance(packed, int):
                self._names.add(name, packed)
            else:
                self._odd["name\x1f" + name] = packed

    def _first_of_iin(self, key: int | str) -> int | None:
        if isinstance(key, int):
            return self._iins.get(key)
        found = self._odd.get("iin\x1f" + key)
        return found[0] if found else None

    def _first_of_name(self, name: str) -> tuple[int, str | None] | None:
        packed = self._names.get(name)
        if packed is not None:
            return _unpack(packed)
        return self._odd.get("name\x1f" + name)


_IIN_BITS = 40  # 12 digits are below 2**40


def iin_key(iin: str) -> int | str:
    """An IIN of 12 ASCII digits as a number (kept in arrays); any other text as it is."""
    return int(iin) if len(iin) == 12 and iin.isascii() and iin.isdigit() else iin


def _pack(row: int, iin: str | None) -> int | tuple[int, str | None]:
    """A row number and its IIN (or none) as one number, for an IIN of 12 digits."""
    key = iin_key(iin) if iin else 0
    if isinstance(key, str):
        return row, iin
    return (row << _IIN_BITS) | (key + 1 if iin else 0)


def _unpack(packed: int | tuple[int, str | None]) -> tuple[int, str | None]:
    if isinstance(packed, tuple):
        return packed
    code = packed & ((1 << _IIN_BITS) - 1)
    return packed >> _IIN_BITS, (f"{code - 1:012d}" if code else None)


def spread_refusals(group: RowGroup) -> None:
    """A family is imported whole: when one of its rows is refused, so are the others."""
    refused = [r for r in group.rows if r.errors]
    if not refused:
        if group.head is not None and isinstance(group.head.duplicate_of, int):
            for row in group.rows:
                if row.ok:
                    row.errors.append(FieldProblem("relation", N_(
                        "The head of this family is entered twice (row {row}): put this member with the "
                        "first entry."), {"row": group.head.duplicate_of}))
        return
    first = refused[0].row
    for row in group.rows:
        if row.ok:
            row.errors.append(FieldProblem("family_no", N_(
                "Row {row} of the same family is refused; a family is imported whole."), {"row": first}))
