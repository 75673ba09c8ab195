"""Small SQL helpers shared by repositories."""
from __future__ import annotations

import sqlalchemy as sa


def prefix_range(column, prefix: str):
    """``column`` starts with ``prefix``, as a range an ordinary B-tree index can serve
    on SQLite and PostgreSQL alike (LIKE cannot use the index on either by default)."""
    if not prefix:
        return sa.true()
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return sa.and_(column >= prefix, column < upper)
