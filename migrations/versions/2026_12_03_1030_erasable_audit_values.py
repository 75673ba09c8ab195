"""Erasable audit values and anonymisation marks (personal data: retention).

Each audit entry's hash now covers a salted digest of its before/after values instead of the
values, so retention can erase the values and the chain still verifies (storage/audit.py).
Existing entries are converted in id order: each keeps its old hash in ``legacy_hash`` (so an
anchor file, a backup manifest or a report footer naming an old hash still matches) and is
re-linked under the new rule; the head hash kept in ``setting`` moves to the new last hash.
``family.anonymised_at`` and ``person.anonymised_at`` mark records that retention anonymised.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 13:00:00
"""
import hashlib
import json
import secrets

from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_audit = sa.table(
    "audit_log", sa.column("id", sa.Integer), sa.column("occurred_at", sa.DateTime),
    sa.column("actor_login", sa.String), sa.column("action", sa.String), sa.column("entity", sa.String),
    sa.column("entity_id", sa.String), sa.column("before", sa.JSON), sa.column("after", sa.JSON),
    sa.column("values_salt", sa.String), sa.column("values_digest", sa.String),
    sa.column("legacy_hash", sa.String), sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
_setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
GENESIS_HASH = "0" * 64
HEAD_HASH_KEY = "audit.head_hash"


# Frozen copies of storage.audit's rules as of this revision (a migration must not change when
# the application's code does later).
def _sha(payload) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                                     sort_keys=True).encode("utf-8")).hexdigest()


def convert_legacy(rows, prev: str):
    for row in rows:
        occurred = row["occurred_at"]
        occurred_text = occurred.isoformat() if hasattr(occurred, "isoformat") else str(occurred)
        salt = secrets.token_hex(16)
        digest = _sha([salt, row["before"], row["after"]])
        new_hash = hashlib.sha256(json.dumps(
            ["v2", prev, occurred_text, row["actor_login"], row["action"], row["entity"], row["entity_id"],
             digest, row["hash"]], ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()
        yield row["id"], {"values_salt": salt, "values_digest": digest, "legacy_hash": row["hash"],
                          "prev_hash": prev, "hash": new_hash}
        prev = new_hash


def _legacy_rows(bind, batch: int = 2000):
    last = 0
    while True:
        page = bind.execute(sa.select(_audit).where(_audit.c.id > last).order_by(_audit.c.id).limit(batch)).all()
        if not page:
            return
        for row in page:
            yield dict(row._mapping)
        last = page[-1].id


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("values_salt", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("values_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("legacy_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))
    bind = op.get_bind()
    # read everything first (keyset pages hold only what one update batch needs), then write
    converted = list(convert_legacy(_legacy_rows(bind), GENESIS_HASH))
    for start in range(0, len(converted), 1000):
        for entry_id, changes in converted[start:start + 1000]:
            bind.execute(_audit.update().where(_audit.c.id == entry_id).values(**changes))
    if converted:
        bind.execute(_setting.update().where(_setting.c.key == HEAD_HASH_KEY).values(value=converted[-1][1]["hash"]))


def downgrade() -> None:
    bind = op.get_bind()
    prev = GENESIS_HASH
    # back to the old rule: every entry whose values are still there is hashed over them again
    # (an erased entry cannot be; it keeps its hash and the older code reports it as edited)
    for row in list(_legacy_rows(bind)):
        if row["values_salt"] is None and row["values_digest"] is not None:
            old = row["legacy_hash"] or row["hash"]
        else:
            occurred = row["occurred_at"]
            occurred_text = occurred.isoformat() if hasattr(occurred, "isoformat") else str(occurred)
            old = _sha([prev, occurred_text, row["actor_login"], row["action"], row["entity"], row["entity_id"],
                        row["before"], row["after"]])
        bind.execute(_audit.update().where(_audit.c.id == row["id"]).values(hash=old, prev_hash=prev))
        prev = old
    bind.execute(_setting.update().where(_setting.c.key == HEAD_HASH_KEY).values(value=prev)) if prev != GENESIS_HASH \
        else None
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("legacy_hash")
        batch_op.drop_column("values_digest")
        batch_op.drop_column("values_salt")
