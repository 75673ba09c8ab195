"""Initial schema: every table of the first release.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 20:31:27.687150
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('app_user',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('login', name=op.f('uq_app_user_login'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_login', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_login'), ['actor_login'], unique=False)
        batch_op.create_index('ix_audit_log_entity_entity_id', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('country',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name_kk', sa.String(length=100), nullable=False),
    sa.Column('name_ru', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_country'))
    )
    op.create_table('education_quota',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('institution', sa.String(length=300), nullable=False),
    sa.Column('specialty_group', sa.String(length=200), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_education_quota')),
    sa.UniqueConstraint('year', 'level', 'institution', 'specialty_group', name=op.f('uq_education_quota_year_level_institution_specialty_group'))
    )
    with op.batch_alter_table('education_quota', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_education_quota_year'), ['year'], unique=False)

    op.create_table('employment_plan',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('placements_planned', sa.Integer(), nullable=False),
    sa.Column('measures_planned', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_plan')),
    sa.UniqueConstraint('year', name=op.f('uq_employment_plan_year'))
    )
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('sheet', sa.String(length=100), server_default='', nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.Column('rows_imported', sa.Integer(), server_default='0', nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('mrp_rate',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('mrp', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('mzp', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_mrp_rate'))
    )
    op.create_table('region',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name_kk', sa.String(length=100), nullable=False),
    sa.Column('name_ru', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('centre', sa.String(length=100), server_default='', nullable=False),
    sa.Column('sort_order', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_region'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('support_rule',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('mrp_coefficient', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('mrp_coefficient_max', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('months', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_rule')),
    sa.UniqueConstraint('kind', 'valid_from', name=op.f('uq_support_rule_kind_valid_from'))
    )
    op.create_table('family',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('closed_reason', sa.String(length=32), nullable=True),
    sa.Column('arrival_date', sa.Date(), nullable=True),
    sa.Column('origin_country_code', sa.String(length=2), nullable=True),
    sa.Column('region_code', sa.String(length=32), nullable=True),
    sa.Column('address', sa.String(length=500), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=64), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('responsible_user_id', sa.Integer(), nullable=True),
    sa.Column('last_contact_date', sa.Date(), nullable=True),
    sa.Column('head_sort_key', sa.String(length=200), server_default='', nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_family_import_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['origin_country_code'], ['country.code'], name=op.f('fk_family_origin_country_code_country')),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_family_region_code_region')),
    sa.ForeignKeyConstraint(['responsible_user_id'], ['app_user.id'], name=op.f('fk_family_responsible_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family')),
    sa.UniqueConstraint('case_number', name=op.f('uq_family_case_number'))
    )
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_arrival_date'), ['arrival_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_head_sort_key'), ['head_sort_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_import_batch_id'), ['import_batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_origin_country_code'), ['origin_country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_responsible_user_id'), ['responsible_user_id'], unique=False)

    op.create_table('quota_plan',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=False),
    sa.Column('families_planned', sa.Integer(), nullable=True),
    sa.Column('persons_planned', sa.Integer(), nullable=False),
    sa.Column('order_reference', sa.String(length=200), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_quota_plan_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota_plan')),
    sa.UniqueConstraint('year', 'region_code', name=op.f('uq_quota_plan_year_region_code'))
    )
    op.create_table('receiving_region',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_receiving_region_region_code_region')),
    sa.PrimaryKeyConstraint('year', 'region_code', name=op.f('pk_receiving_region'))
    )
    op.create_table('region_alias',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=False),
    sa.Column('alias', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_region_alias_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region_alias')),
    sa.UniqueConstraint('region_code', 'alias', name=op.f('uq_region_alias_region_code_alias'))
    )
    op.create_table('accommodation',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=64), server_default='', nullable=False),
    sa.Column('check_in', sa.Date(), nullable=False),
    sa.Column('check_out', sa.Date(), nullable=True),
    sa.Column('leave_reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_accommodation_family_id_family'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accommodation'))
    )
    with op.batch_alter_table('accommodation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accommodation_check_in'), ['check_in'], unique=False)
        batch_op.create_index(batch_op.f('ix_accommodation_family_id'), ['family_id'], unique=False)

    op.create_table('family_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_login', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_family_event_family_id_family'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_event'))
    )
    with op.batch_alter_table('family_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_event_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_event_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('surname', sa.String(length=100), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('patronymic', sa.String(length=100), server_default='', nullable=False),
    sa.Column('latin_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('iin', sa.String(length=12), nullable=True),
    sa.Column('citizenship_code', sa.String(length=2), nullable=True),
    sa.Column('education_level', sa.String(length=32), nullable=True),
    sa.Column('profession', sa.String(length=200), server_default='', nullable=False),
    sa.Column('search_key', sa.String(length=200), nullable=False),
    sa.Column('sort_key', sa.String(length=200), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['citizenship_code'], ['country.code'], name=op.f('fk_person_citizenship_code_country')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_person_family_id_family'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_person_import_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('iin', name=op.f('uq_person_iin'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_birth_date'), ['birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_import_batch_id'), ['import_batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_search_key'), ['search_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_sort_key'), ['sort_key'], unique=False)

    op.create_table('quota_inclusion',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=False),
    sa.Column('settlement', sa.String(length=200), server_default='', nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('decision_number', sa.String(length=64), nullable=False),
    sa.Column('persons_count', sa.Integer(), nullable=False),
    sa.Column('over_plan_override', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('override_reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('arrived_on', sa.Date(), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_quota_inclusion_family_id_family'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_quota_inclusion_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota_inclusion'))
    )
    with op.batch_alter_table('quota_inclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quota_inclusion_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quota_inclusion_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_quota_inclusion_year'), ['year'], unique=False)

    op.create_table('task',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by', sa.String(length=64), nullable=True),
    sa.Column('auto_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['app_user.id'], name=op.f('fk_task_assignee_id_app_user')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_task_family_id_family'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('auto_key', name=op.f('uq_task_auto_key'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_family_id'), ['family_id'], unique=False)

    op.create_table('adaptation_service',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_adaptation_service_family_id_family'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_adaptation_service_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adaptation_service'))
    )
    with op.batch_alter_table('adaptation_service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adaptation_service_delivered_on'), ['delivered_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_adaptation_service_family_id'), ['family_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.String(length=500), server_default='', nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_attachment_family_id_family'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_attachment_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_family_id'), ['family_id'], unique=False)

    op.create_table('duplicate_candidate',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_a_id', sa.Integer(), nullable=False),
    sa.Column('person_b_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['person_a_id'], ['person.id'], name=op.f('fk_duplicate_candidate_person_a_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_b_id'], ['person.id'], name=op.f('fk_duplicate_candidate_person_b_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_candidate')),
    sa.UniqueConstraint('person_a_id', 'person_b_id', name=op.f('uq_duplicate_candidate_person_a_id_person_b_id'))
    )
    with op.batch_alter_table('duplicate_candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_candidate_person_a_id'), ['person_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_candidate_person_b_id'), ['person_b_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_candidate_status'), ['status'], unique=False)

    op.create_table('education_application',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('education_quota_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['education_quota_id'], ['education_quota.id'], name=op.f('fk_education_application_education_quota_id_education_quota')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_education_application_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_education_application'))
    )
    with op.batch_alter_table('education_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_education_application_education_quota_id'), ['education_quota_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_education_application_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_education_application_year'), ['year'], unique=False)

    op.create_table('employment_measure',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('provider', sa.String(length=300), server_default='', nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_employment_measure_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_measure'))
    )
    with op.batch_alter_table('employment_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_measure_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employment_measure_started_on'), ['started_on'], unique=False)

    op.create_table('identity_document',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('issued_by', sa.String(length=200), server_default='', nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('translation_notarised', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['country.code'], name=op.f('fk_identity_document_country_code_country')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_identity_document_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_document'))
    )
    with op.batch_alter_table('identity_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_document_expiry_date'), ['expiry_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_identity_document_person_id'), ['person_id'], unique=False)

    op.create_table('job_placement',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('employer_name', sa.String(length=300), nullable=False),
    sa.Column('employer_bin', sa.String(length=12), server_default='', nullable=False),
    sa.Column('position', sa.String(length=200), server_default='', nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('employer_subsidy', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_job_placement_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_placement'))
    )
    with op.batch_alter_table('job_placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_placement_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_placement_started_on'), ['started_on'], unique=False)

    op.create_table('kandas_status',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('certificate_number', sa.String(length=64), server_default='', nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_kandas_status_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kandas_status'))
    )
    with op.batch_alter_table('kandas_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kandas_status_granted_on'), ['granted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_kandas_status_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kandas_status_valid_until'), ['valid_until'], unique=False)

    op.create_table('person_search_token',
    sa.Column('token', sa.String(length=100), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_search_token_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', 'person_id', name=op.f('pk_person_search_token'))
    )
    with op.batch_alter_table('person_search_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_search_token_person_id'), ['person_id'], unique=False)

    op.create_table('subsidy_item',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('inclusion_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('period_month', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount_due', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('mrp_year', sa.Integer(), nullable=False),
    sa.Column('mrp_coefficient', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('persons', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['inclusion_id'], ['quota_inclusion.id'], name=op.f('fk_subsidy_item_inclusion_id_quota_inclusion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_item'))
    )
    with op.batch_alter_table('subsidy_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_item_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_subsidy_item_inclusion_id'), ['inclusion_id'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('subsidy_item_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('document_number', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['subsidy_item_id'], ['subsidy_item.id'], name=op.f('fk_payment_subsidy_item_id_subsidy_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_paid_on'), ['paid_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_subsidy_item_id'), ['subsidy_item_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_subsidy_item_id'))
        batch_op.drop_index(batch_op.f('ix_payment_paid_on'))

    op.drop_table('payment')
    with op.batch_alter_table('subsidy_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_item_inclusion_id'))
        batch_op.drop_index(batch_op.f('ix_subsidy_item_due_date'))

    op.drop_table('subsidy_item')
    with op.batch_alter_table('person_search_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_search_token_person_id'))

    op.drop_table('person_search_token')
    with op.batch_alter_table('kandas_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kandas_status_valid_until'))
        batch_op.drop_index(batch_op.f('ix_kandas_status_person_id'))
        batch_op.drop_index(batch_op.f('ix_kandas_status_granted_on'))

    op.drop_table('kandas_status')
    with op.batch_alter_table('job_placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_placement_started_on'))
        batch_op.drop_index(batch_op.f('ix_job_placement_person_id'))

    op.drop_table('job_placement')
    with op.batch_alter_table('identity_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_document_person_id'))
        batch_op.drop_index(batch_op.f('ix_identity_document_expiry_date'))

    op.drop_table('identity_document')
    with op.batch_alter_table('employment_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_measure_started_on'))
        batch_op.drop_index(batch_op.f('ix_employment_measure_person_id'))

    op.drop_table('employment_measure')
    with op.batch_alter_table('education_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_education_application_year'))
        batch_op.drop_index(batch_op.f('ix_education_application_person_id'))
        batch_op.drop_index(batch_op.f('ix_education_application_education_quota_id'))

    op.drop_table('education_application')
    with op.batch_alter_table('duplicate_candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_candidate_status'))
        batch_op.drop_index(batch_op.f('ix_duplicate_candidate_person_b_id'))
        batch_op.drop_index(batch_op.f('ix_duplicate_candidate_person_a_id'))

    op.drop_table('duplicate_candidate')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_family_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('adaptation_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adaptation_service_family_id'))
        batch_op.drop_index(batch_op.f('ix_adaptation_service_delivered_on'))

    op.drop_table('adaptation_service')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_family_id'))
        batch_op.drop_index(batch_op.f('ix_task_due_date'))
        batch_op.drop_index(batch_op.f('ix_task_assignee_id'))

    op.drop_table('task')
    with op.batch_alter_table('quota_inclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quota_inclusion_year'))
        batch_op.drop_index(batch_op.f('ix_quota_inclusion_region_code'))
        batch_op.drop_index(batch_op.f('ix_quota_inclusion_family_id'))

    op.drop_table('quota_inclusion')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_sort_key'))
        batch_op.drop_index(batch_op.f('ix_person_search_key'))
        batch_op.drop_index(batch_op.f('ix_person_import_batch_id'))
        batch_op.drop_index(batch_op.f('ix_person_family_id'))
        batch_op.drop_index(batch_op.f('ix_person_birth_date'))

    op.drop_table('person')
    with op.batch_alter_table('family_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_event_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_family_event_family_id'))

    op.drop_table('family_event')
    with op.batch_alter_table('accommodation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accommodation_family_id'))
        batch_op.drop_index(batch_op.f('ix_accommodation_check_in'))

    op.drop_table('accommodation')
    op.drop_table('region_alias')
    op.drop_table('receiving_region')
    op.drop_table('quota_plan')
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_responsible_user_id'))
        batch_op.drop_index(batch_op.f('ix_family_region_code'))
        batch_op.drop_index(batch_op.f('ix_family_origin_country_code'))
        batch_op.drop_index(batch_op.f('ix_family_import_batch_id'))
        batch_op.drop_index(batch_op.f('ix_family_head_sort_key'))
        batch_op.drop_index(batch_op.f('ix_family_arrival_date'))

    op.drop_table('family')
    op.drop_table('support_rule')
    op.drop_table('setting')
    op.drop_table('region')
    op.drop_table('mrp_rate')
    op.drop_table('import_batch')
    op.drop_table('employment_plan')
    with op.batch_alter_table('education_quota', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_education_quota_year'))

    op.drop_table('education_quota')
    op.drop_table('country')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_occurred_at'))
        batch_op.drop_index('ix_audit_log_entity_entity_id')
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_login'))

    op.drop_table('audit_log')
    op.drop_table('app_user')

