"""Every table of Qandas on one MetaData: the target of Alembic.

Constraint names come from the naming convention (Alembic's batch mode on SQLite
needs them). Records a person edits carry ``version`` for optimistic locking and
``created_*``/``updated_*`` for attribution.
"""
from __future__ import annotations

import sqlalchemy as sa

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

MONEY = sa.Numeric(14, 2)
KEY = sa.String(200)


def _edit_columns() -> list[sa.Column]:
    """Who made and last changed a record, when, and its optimistic-lock version."""
    return [
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    ]


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


# --- users and settings -----------------------------------------------------------
app_user = sa.Table(
    "app_user", metadata, _id(),
    sa.Column("login", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime, nullable=True),
    sa.Column("last_login_at", sa.DateTime, nullable=True),
    *_edit_columns(),
)

setting = sa.Table(
    "setting", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
)

# --- reference data ---------------------------------------------------------------
region = sa.Table(
    "region", metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name_kk", sa.String(100), nullable=False),
    sa.Column("name_ru", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=False),
    sa.Column("centre", sa.String(100), nullable=False, server_default=""),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
)

region_alias = sa.Table(
    "region_alias", metadata, _id(),
    sa.Column("region_code", sa.String(32), sa.ForeignKey("region.code"), nullable=False),
    sa.Column("alias", sa.String(100), nullable=False),
    sa.UniqueConstraint("region_code", "alias"),
)

country = sa.Table(
    "country", metadata,
    sa.Column("code", sa.String(2), primary_key=True),
    sa.Column("name_kk", sa.String(100), nullable=False),
    sa.Column("name_ru", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=False),
)

mrp_rate = sa.Table(
    "mrp_rate", metadata,
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("mrp", MONEY, nullable=False),
    sa.Column("mzp", MONEY, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)

receiving_region = sa.Table(
    "receiving_region", metadata,
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("region_code", sa.String(32), sa.ForeignKey("region.code"), primary_key=True),
)

support_rule = sa.Table(
    "support_rule", metadata, _id(),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_to", sa.Date, nullable=True),
    sa.Column("mrp_coefficient", sa.Numeric(10, 2), nullable=False),
    sa.Column("mrp_coefficient_max", sa.Numeric(10, 2), nullable=True),
    sa.Column("months", sa.Integer, nullable=False, server_default="0"),
    *_edit_columns(),
    sa.UniqueConstraint("kind", "valid_from"),
)

import_batch = sa.Table(
    "import_batch", metadata, _id(),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("sheet", sa.String(100), nullable=False, server_default=""),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Column("imported_by", sa.String(64), nullable=False),
    sa.Column("rows_imported", sa.Integer, nullable=False, server_default="0"),
    sa.Column("undone_at", sa.DateTime, nullable=True),
    sa.Column("undone_by", sa.String(64), nullable=True),
)

# --- families and persons ---------------------------------------------------------
family = sa.Table(
    "family", metadata, _id(),
    sa.Column("case_number", sa.String(32), nullable=False, unique=True),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("closed_reason", sa.String(32), nullable=True),
    sa.Column("arrival_date", sa.Date, nullable=True, index=True),
    sa.Column("origin_country_code", sa.String(2), sa.ForeignKey("country.code"), nullable=True, index=True),
    sa.Column("region_code", sa.String(32), sa.ForeignKey("region.code"), nullable=True, index=True),
    sa.Column("address", sa.String(500), nullable=False, server_default=""),
    sa.Column("phone", sa.String(64), nullable=False, server_default=""),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    sa.Column("responsible_user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True, index=True),
    sa.Column("last_contact_date", sa.Date, nullable=True),
    sa.Column("head_sort_key", KEY, nullable=False, server_default="", index=True),
    sa.Column("import_batch_id", sa.Integer, sa.ForeignKey("import_batch.id"), nullable=True, index=True),
    # What a registry row shows of the head and the members, copied from ``person`` (and the
    # members' current statuses from ``kandas_status``) so that a page of 200 rows reads 200 family
    # rows and nothing else. Kept by ``storage.family_summary`` (a flush listener and the bulk
    # writers); not mapped on ``Family``, so the ORM never writes a stale copy.
    sa.Column("head_name", sa.String(302), nullable=False, server_default=""),
    sa.Column("head_iin", sa.String(12), nullable=True),
    sa.Column("head_birth_date", sa.Date, nullable=True),
    sa.Column("member_count", sa.Integer, nullable=False, server_default="0"),
    # the earliest end of the members' current statuses: the registry's "status valid until"
    # column, its sort and the "expires within 30 days" filter (ix_family_status_valid_until)
    sa.Column("status_valid_until", sa.Date, nullable=True),
    # the earliest due date of the family's open tasks (reminders included): the registry's "next
    # due" column, its sort and the "overdue" / "due this week" filters (ix_family_next_due_date)
    sa.Column("next_due_date", sa.Date, nullable=True),
    sa.Column("anonymised_at", sa.DateTime, nullable=True),  # retention removed its personal data
    *_edit_columns(),
    # A case-number prefix typed in the search box, in name order, from the index alone.
    sa.Index("ix_family_case_number_key", "case_number", "head_sort_key"),
    sa.Index("ix_family_status_valid_until", "status_valid_until"),
    sa.Index("ix_family_next_due_date", "next_due_date"),
)

# The last case number given out per year (``storage.case_numbers``). A new case takes its number
# by updating this row, so two seats registering at once wait for each other instead of both
# reading the same MAX(case_number); holding the row also serialises their duplicate checks.
case_number_counter = sa.Table(
    "case_number_counter", metadata,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_number", sa.Integer, nullable=False),
)

person = sa.Table(
    "person", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("relation", sa.String(16), nullable=False),
    sa.Column("surname", sa.String(100), nullable=False),
    sa.Column("given_name", sa.String(100), nullable=False),
    sa.Column("patronymic", sa.String(100), nullable=False, server_default=""),
    sa.Column("latin_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("birth_date", sa.Date, nullable=True, index=True),
    sa.Column("sex", sa.String(1), nullable=True),
    sa.Column("iin", sa.String(12), nullable=True, unique=True),
    sa.Column("citizenship_code", sa.String(2), sa.ForeignKey("country.code"), nullable=True),
    sa.Column("education_level", sa.String(32), nullable=True),
    sa.Column("profession", sa.String(200), nullable=False, server_default=""),
    sa.Column("anonymised_at", sa.DateTime, nullable=True),  # retention removed its personal data
    sa.Column("search_key", KEY, nullable=False, index=True),
    sa.Column("sort_key", KEY, nullable=False, index=True),
    sa.Column("import_batch_id", sa.Integer, sa.ForeignKey("import_batch.id"), nullable=True, index=True),
    *_edit_columns(),
)

# A name word of a person (or the person's IIN as "#" + digits), with the person's family and that family's ``head_sort_key`` copied
# in, so that search as you type reads the index alone: ``(token, head_sort_key, family_id)``
# gives the matching families already in name order, ``(family_id, token)`` answers "does this
# family have a member whose word starts so" in one probe, ``(person_id, token)`` the same for
# a person (every word typed must hold for one person). The copies are kept by
# ``storage.search_tokens`` (every writer of tokens, and a flush listener for a family whose
# head key changes or that gains a member). No foreign key on ``family_id``: the person's own
# key already cascades, and a merge moves persons through the ORM, not by a generic update.
person_search_token = sa.Table(
    "person_search_token", metadata,
    sa.Column("token", sa.String(100), primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("family_id", sa.Integer, nullable=False),
    sa.Column("head_sort_key", KEY, nullable=False, server_default=""),
    sa.Index("ix_person_search_token_key", "token", "head_sort_key", "family_id", "person_id"),
    sa.Index("ix_person_search_token_family", "family_id", "token", "person_id"),
    sa.Index("ix_person_search_token_person", "person_id", "token"),  # a second word on the same person
)

identity_document = sa.Table(
    "identity_document", metadata, _id(),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("number", sa.String(64), nullable=False),
    sa.Column("issued_by", sa.String(200), nullable=False, server_default=""),
    sa.Column("issue_date", sa.Date, nullable=True),
    sa.Column("expiry_date", sa.Date, nullable=True, index=True),
    sa.Column("country_code", sa.String(2), sa.ForeignKey("country.code"), nullable=True),
    sa.Column("translation_notarised", sa.Boolean, nullable=False, server_default=sa.false()),
    *_edit_columns(),
)

kandas_status = sa.Table(
    "kandas_status", metadata, _id(),
    # indexed by ix_kandas_status_person_end (below), which starts with it
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("channel", sa.String(32), nullable=True),
    sa.Column("applied_on", sa.Date, nullable=True),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("decided_on", sa.Date, nullable=True),
    sa.Column("certificate_number", sa.String(64), nullable=False, server_default=""),
    sa.Column("granted_on", sa.Date, nullable=True, index=True),
    sa.Column("valid_until", sa.Date, nullable=True),  # indexed by ix_kandas_status_report_valid (below)
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("end_reason", sa.String(32), nullable=True),
    *_edit_columns(),
)

family_event = sa.Table(
    "family_event", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("occurred_at", sa.DateTime, nullable=False, index=True),
    sa.Column("actor_login", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("message", sa.String(500), nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
)

attachment = sa.Table(
    "attachment", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("description", sa.String(500), nullable=False, server_default=""),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    *_edit_columns(),
)

task = sa.Table(
    "task", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=True, index=True),
    sa.Column("assignee_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("due_date", sa.Date, nullable=True, index=True),
    sa.Column("done_at", sa.DateTime, nullable=True),
    sa.Column("done_by", sa.String(64), nullable=True),
    sa.Column("auto_key", sa.String(100), nullable=True, unique=True),
    *_edit_columns(),
)

duplicate_candidate = sa.Table(
    "duplicate_candidate", metadata, _id(),
    sa.Column("person_a_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("person_b_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("reason", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("detected_at", sa.DateTime, nullable=False),
    sa.Column("resolved_at", sa.DateTime, nullable=True),
    sa.Column("resolved_by", sa.String(64), nullable=True),
    sa.UniqueConstraint("person_a_id", "person_b_id"),
)

# A merge of two person records, with what its undo needs (rows as they were, rows it re-pointed),
# so that a supervisor can take it back while nothing of it has changed since.
person_merge = sa.Table(
    "person_merge", metadata, _id(),
    sa.Column("kept_person_id", sa.Integer, nullable=False, index=True),
    sa.Column("kept_family_id", sa.Integer, nullable=False),
    sa.Column("removed_person_id", sa.Integer, nullable=False),
    sa.Column("removed_family_id", sa.Integer, nullable=True),
    sa.Column("merged_at", sa.DateTime, nullable=False),
    sa.Column("merged_by", sa.String(64), nullable=False),
    sa.Column("undo", sa.JSON, nullable=False),
    sa.Column("undone_at", sa.DateTime, nullable=True),
    sa.Column("undone_by", sa.String(64), nullable=True),
)

# --- personal data: basis of processing and who looked (Law No. 94-V) -----------------
# The legal obligations the administrator keeps as a list (a basis other than consent).
legal_ground = sa.Table(
    "legal_ground", metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name_kk", sa.String(300), nullable=False),
    sa.Column("name_ru", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
)

# A person's basis of processing: consent (date, form, the scanned signed form) or a legal
# obligation from ``legal_ground``; a withdrawal ends it but the row stays as evidence.
processing_basis = sa.Table(
    "processing_basis", metadata, _id(),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("legal_ground_code", sa.String(32), sa.ForeignKey("legal_ground.code"), nullable=True),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("consent_form", sa.String(16), nullable=True),
    sa.Column("attachment_id", sa.Integer, sa.ForeignKey("attachment.id", ondelete="SET NULL"), nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("withdrawn_on", sa.Date, nullable=True),
    sa.Column("withdrawal_note", sa.String(500), nullable=False, server_default=""),
    *_edit_columns(),
    # "has this person a basis in force on day D" from the index alone: the monthly report asks it
    # for every person (about 1 s for 1M persons on SQLite, against 3 s with an index on person_id only)
    sa.Index("ix_processing_basis_in_force", "person_id", "valid_from", "withdrawn_on"),
)

# Who looked at personal data: a family card opened, a list exported, a report printed, a
# subject-access file produced. No foreign keys: the log outlives a merged or removed record.
record_view = sa.Table(
    "record_view", metadata, _id(),
    sa.Column("occurred_at", sa.DateTime, nullable=False),
    sa.Column("actor_login", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("family_id", sa.Integer, nullable=True),
    sa.Column("person_id", sa.Integer, nullable=True),
    sa.Column("detail", sa.String(500), nullable=False, server_default=""),
    sa.Index("ix_record_view_family", "family_id", "occurred_at"),
    sa.Index("ix_record_view_actor", "actor_login", "occurred_at"),
    sa.Index("ix_record_view_occurred_at", "occurred_at"),
)

# --- regional quota, subsidies, payments -------------------------------------------
quota_plan = sa.Table(
    "quota_plan", metadata, _id(),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("region_code", sa.String(32), sa.ForeignKey("region.code"), nullable=False),
    sa.Column("families_planned", sa.Integer, nullable=True),
    sa.Column("persons_planned", sa.Integer, nullable=False),
    sa.Column("order_reference", sa.String(200), nullable=False, server_default=""),
    *_edit_columns(),
    sa.UniqueConstraint("year", "region_code"),
)

quota_inclusion = sa.Table(
    "quota_inclusion", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("year", sa.Integer, nullable=False),  # indexed by ix_quota_inclusion_report_year (below)
    sa.Column("region_code", sa.String(32), sa.ForeignKey("region.code"), nullable=False, index=True),
    sa.Column("settlement", sa.String(200), nullable=False, server_default=""),
    sa.Column("decision_date", sa.Date, nullable=False),
    sa.Column("decision_number", sa.String(64), nullable=False),
    sa.Column("persons_count", sa.Integer, nullable=False),
    sa.Column("over_plan_override", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("override_reason", sa.String(500), nullable=False, server_default=""),
    sa.Column("arrived_on", sa.Date, nullable=True),  # the move to the region
    sa.Column("cancelled_on", sa.Date, nullable=True),
    sa.Column("arrived_address", sa.String(500), nullable=False, server_default=""),
    sa.Column("cancel_reason", sa.String(500), nullable=False, server_default=""),
    # Chosen at inclusion; kept because the housing items are generated later, at the move.
    sa.Column("housing_coefficient", sa.Numeric(10, 2), nullable=True),
    *_edit_columns(),
)

subsidy_item = sa.Table(
    "subsidy_item", metadata, _id(),
    sa.Column("inclusion_id", sa.Integer, sa.ForeignKey("quota_inclusion.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("period_month", sa.Date, nullable=True),
    sa.Column("due_date", sa.Date, nullable=False, index=True),
    sa.Column("amount_due", MONEY, nullable=False),
    sa.Column("mrp_year", sa.Integer, nullable=False),
    sa.Column("mrp_coefficient", sa.Numeric(10, 2), nullable=False),
    sa.Column("persons", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    # The job placement an employer subsidy was claimed for: one item per placement (unique);
    # SET NULL so that money already paid stays in the ledger if the person record goes.
    sa.Column("placement_id", sa.Integer, sa.ForeignKey("job_placement.id", ondelete="SET NULL"),
              nullable=True, index=True, unique=True),
)

payment = sa.Table(
    "payment", metadata, _id(),
    sa.Column("subsidy_item_id", sa.Integer, sa.ForeignKey("subsidy_item.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("paid_on", sa.Date, nullable=False, index=True),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("document_number", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
)

# Running totals of the ledger for the monthly report (revision 0005): per subsidy kind
# and calendar month in exact cents, kept by database triggers on subsidy_item and payment (see
# migrations/versions/2026_11_26_0130_report_totals.py), so the report reads a few hundred rows
# instead of summing millions. Written only by those triggers; nothing else inserts here.
subsidy_due_total = sa.Table(
    "subsidy_due_total", metadata,
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("due_month", sa.Date, primary_key=True),  # first day of the month the items fall due
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("items", sa.Integer, nullable=False),
)

subsidy_paid_total = sa.Table(
    "subsidy_paid_total", metadata,
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("due_month", sa.Date, primary_key=True),  # of the item paid
    sa.Column("paid_month", sa.Date, primary_key=True),  # of the payment
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("payments", sa.Integer, nullable=False),
)

# --- employment, education, adaptation ---------------------------------------------
employment_plan = sa.Table(
    "employment_plan", metadata, _id(),
    sa.Column("year", sa.Integer, nullable=False, unique=True),
    sa.Column("placements_planned", sa.Integer, nullable=False),
    sa.Column("measures_planned", sa.Integer, nullable=False, server_default="0"),
    *_edit_columns(),
)

job_placement = sa.Table(
    "job_placement", metadata, _id(),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("employer_name", sa.String(300), nullable=False),
    sa.Column("employer_bin", sa.String(12), nullable=False, server_default=""),
    sa.Column("position", sa.String(200), nullable=False, server_default=""),
    sa.Column("started_on", sa.Date, nullable=False, index=True),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("employer_subsidy", sa.Boolean, nullable=False, server_default=sa.false()),
    *_edit_columns(),
)

employment_measure = sa.Table(
    "employment_measure", metadata, _id(),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("provider", sa.String(300), nullable=False, server_default=""),
    sa.Column("started_on", sa.Date, nullable=False, index=True),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    *_edit_columns(),
)

education_quota = sa.Table(
    "education_quota", metadata, _id(),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("institution", sa.String(300), nullable=False),
    sa.Column("specialty_group", sa.String(200), nullable=False),
    sa.Column("places", sa.Integer, nullable=False),  # kandas places in force: derived or overridden
    sa.Column("state_order_places", sa.Integer, nullable=True),
    sa.Column("kandas_places_override", sa.Integer, nullable=True),
    sa.Column("override_reason", sa.String(500), nullable=False, server_default=""),
    *_edit_columns(),
    sa.UniqueConstraint("year", "level", "institution", "specialty_group"),
)

education_application = sa.Table(
    "education_application", metadata, _id(),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("education_quota_id", sa.Integer, sa.ForeignKey("education_quota.id"), nullable=True, index=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("applied_on", sa.Date, nullable=False),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("decided_on", sa.Date, nullable=True),
    *_edit_columns(),
)

adaptation_service = sa.Table(
    "adaptation_service", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("delivered_on", sa.Date, nullable=False, index=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    *_edit_columns(),
)

accommodation = sa.Table(
    "accommodation", metadata, _id(),
    sa.Column("family_id", sa.Integer, sa.ForeignKey("family.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("room", sa.String(64), nullable=False, server_default=""),
    sa.Column("check_in", sa.Date, nullable=False, index=True),
    sa.Column("check_out", sa.Date, nullable=True),
    sa.Column("leave_reason", sa.String(200), nullable=False, server_default=""),
    *_edit_columns(),
)

# --- approved (frozen) months -------------------------------------------------------
# A month a supervisor approved: the report's figures (JSON text, byte for byte as approved), its
# PDF and the month's payment register, with a SHA-256 over the three (services/closed_months.py).
# Payments, statuses and inclusions dated in such a month are refused afterwards.
closed_month = sa.Table(
    "closed_month", metadata,
    sa.Column("month", sa.Date, primary_key=True),  # first day of the month
    sa.Column("approved_at", sa.DateTime, nullable=False),
    sa.Column("approved_by", sa.String(64), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("figures_json", sa.Text, nullable=False),
    sa.Column("register_json", sa.Text, nullable=False),
    sa.Column("pdf", sa.LargeBinary, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
)

# --- letters the centre prints for a family (revision 0015) ----------------------
letter_template = sa.Table(
    "letter_template", metadata, _id(),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    *_edit_columns(),
    sa.UniqueConstraint("kind", "language", name="uq_letter_template_kind_language"),
)

# --- audit --------------------------------------------------------------------------
audit_log = sa.Table(
    "audit_log", metadata, _id(),
    sa.Column("occurred_at", sa.DateTime, nullable=False, index=True),
    sa.Column("actor_login", sa.String(64), nullable=False, index=True),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    # Erasable values (revision 0014, storage/audit.py): the hash covers values_digest, a
    # salted digest of before/after; retention erases before, after and the salt, and sets erased_at.
    sa.Column("values_salt", sa.String(32), nullable=True),
    sa.Column("values_digest", sa.String(64), nullable=True),
    sa.Column("legacy_hash", sa.String(64), nullable=True),  # the hash in the format before 0014
    sa.Column("erased_at", sa.DateTime, nullable=True),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),
    # a family's or person's history finds deleted rows by their action (revision 0015)
    sa.Index("ix_audit_log_action_entity", "action", "entity", "entity_id"),
)


# --- covering indexes for the monthly report (revision 0002) ---------------------
# Each holds every column its report query reads, so a year of a million-person register is
# counted from the index alone (no table lookups): about 50 times faster at 1M persons.
sa.Index("ix_family_report_arrival", family.c.arrival_date, family.c.origin_country_code, family.c.region_code)
sa.Index("ix_kandas_status_report_granted", kandas_status.c.granted_on, kandas_status.c.decision,
         kandas_status.c.kind)
sa.Index("ix_adaptation_service_report_delivered", adaptation_service.c.delivered_on, adaptation_service.c.kind,
         adaptation_service.c.family_id)
sa.Index("ix_task_report_due", task.c.due_date, task.c.done_at, task.c.kind)
# each family's earliest open task: the registry's "next due" column, sort and "overdue" filter
sa.Index("ix_task_family_open_due", task.c.family_id, task.c.done_at, task.c.due_date)
# each member's current status end, from the index alone: the registry's "status valid until"
sa.Index("ix_kandas_status_person_current", kandas_status.c.person_id, kandas_status.c.decision,
         kandas_status.c.ended_on, kandas_status.c.valid_until)
# the monthly report's status and personal-data counts from narrow indexes (revision 0016):
# ended by citizenship; valid at the end, expired, expiring; no final end per person; no basis
sa.Index("ix_kandas_status_report_ended", kandas_status.c.end_reason, kandas_status.c.ended_on,
         kandas_status.c.person_id)
sa.Index("ix_kandas_status_report_valid", kandas_status.c.valid_until, kandas_status.c.decision,
         kandas_status.c.granted_on, kandas_status.c.ended_on, kandas_status.c.person_id)
sa.Index("ix_kandas_status_person_end", kandas_status.c.person_id, kandas_status.c.end_reason,
         kandas_status.c.ended_on)
sa.Index("ix_person_report_created", person.c.created_at, person.c.family_id, person.c.id)
# the year's quota inclusions by region, from the index alone (revision 0018); replaces
# the index on ``year`` alone, whose table lookups read 108 MB cold at 1M persons
sa.Index("ix_quota_inclusion_report_year", quota_inclusion.c.year, quota_inclusion.c.region_code,
         quota_inclusion.c.decision_date, quota_inclusion.c.cancelled_on, quota_inclusion.c.arrived_on,
         quota_inclusion.c.persons_count)

# The ledger totals' triggers (storage.ledger_totals): a schema built from these models has them too.
from storage import ledger_totals  # noqa: E402  (after the tables the triggers name)

ledger_totals.install(metadata)
