"""The import's compact exact index (domain/sorted_index.py) answers as a dict that keeps the
first value of each key, across its merges."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from domain.sorted_index import SortedIndex


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(st.tuples(st.integers(0, 10**12), st.integers(0, 2**40))), pending=st.integers(1, 5),
       probes=st.lists(st.integers(0, 10**12), max_size=10))
def test_integer_keys_answer_as_a_first_value_dict(entries, pending, probes):
    index: SortedIndex[int] = SortedIndex(integer_keys=True, pending=pending)
    expected: dict[int, int] = {}
    for key, value in entries:
        index.add(key, value)
        expected.setdefault(key, value)
    assert len(index) == len(expected)
    for key in list(expected) + probes:
        assert index.get(key) == expected.get(key)


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(st.tuples(st.text(max_size=6), st.integers(0, 2**60))), pending=st.integers(1, 5))
def test_text_keys_answer_as_a_first_value_dict(entries, pending):
    index: SortedIndex[str] = SortedIndex(integer_keys=False, pending=pending)
    expected: dict[str, int] = {}
    for key, value in entries:
        index.add(key, value)
        expected.setdefault(key, value)
    for key in list(expected) + ["absent\x1f"]:
        assert index.get(key) == expected.get(key)
