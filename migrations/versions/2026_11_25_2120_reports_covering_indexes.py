"""Covering indexes for the monthly report (arrivals, certificates, services, overdue tasks).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:20:00
"""
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_family_report_arrival", "family", ["arrival_date", "origin_country_code", "region_code"]),
    ("ix_kandas_status_report_granted", "kandas_status", ["granted_on", "decision", "kind"]),
    ("ix_adaptation_service_report_delivered", "adaptation_service", ["delivered_on", "kind", "family_id"]),
    ("ix_task_report_due", "task", ["due_date", "done_at", "kind"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
