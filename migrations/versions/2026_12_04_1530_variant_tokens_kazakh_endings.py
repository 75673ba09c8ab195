"""The variant-key search tokens written again under the rule that reads a patronymic ending
spelled with Kazakh letters («-іч», «-өвич») as the Russian one (``domain.name_variants._root``).

Revision 0012 wrote the ``~`` tokens with the rules of the time; a name with such an ending had a
key that search, which uses the new rule, no longer computes. As 0012's docstring asks, a rule
change is followed by a revision that rewrites the tokens the same way: this one runs 0012's
rewrite (batches of persons, never all in memory).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 15:30:00
"""
import importlib

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_REWRITE = "migrations.versions.2026_12_03_1010_search_variant_tokens"


def upgrade() -> None:
    importlib.import_module(_REWRITE).upgrade()


def downgrade() -> None:
    pass  # the tokens of the newer rule find what the older ones found, and more
