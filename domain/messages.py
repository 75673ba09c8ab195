"""Marking of user-visible text inside the domain.

The domain never translates: it only marks English source strings with ``N_`` so
that extraction finds them; the presenting layer (window, report, command line)
translates them with its own translator.
"""


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    return message
