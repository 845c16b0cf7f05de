"""courses: the language-course catalogue and the course outcomes of visits (issue 23)

Revision ID: 0008_courses
Revises: 0006_day_count
Create Date: 2026-12-04 12:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008_courses'
down_revision = '0006_day_count'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=120), nullable=False),
    sa.Column('provider_course_id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('time_of_day', sa.String(length=16), nullable=False),
    sa.Column('intensity', sa.String(length=16), nullable=False),
    sa.Column('schedule', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=60), nullable=False),
    sa.Column('childcare', sa.Boolean(), nullable=False),
    sa.Column('free_places', sa.Integer(), nullable=False),
    sa.Column('funding', sa.String(length=20), nullable=False),
    sa.Column('cost_eur', sa.Float(), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("funding IN ('free', 'bamf', 'own_contribution', 'fee')", name=op.f('ck_course_funding')),
    sa.CheckConstraint("intensity IN ('full_time', 'part_time')", name=op.f('ck_course_intensity')),
    sa.CheckConstraint("kind IN ('integration_general', 'integration_youth', 'integration_parents', 'integration_women', 'integration_literacy', 'integration_second_script', 'integration_intensive', 'integration_special', 'job_language', 'adult_education', 'children', 'youth')", name=op.f('ck_course_kind')),
    sa.CheckConstraint("level IN ('A1', 'A2', 'B1', 'B2', 'C1')", name=op.f('ck_course_level')),
    sa.CheckConstraint("time_of_day IN ('morning', 'afternoon', 'evening', 'weekend')", name=op.f('ck_course_time_of_day')),
    sa.CheckConstraint('cost_eur IS NULL OR cost_eur >= 0', name=op.f('ck_course_cost')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_course_dates')),
    sa.CheckConstraint('free_places >= 0', name=op.f('ck_course_free_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course')),
    sa.UniqueConstraint('provider', 'provider_course_id', name=op.f('uq_course_provider_provider_course_id'))
    )
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.create_index('ix_course_starts_on_kind_level', ['starts_on', 'kind', 'level'], unique=False)

    op.create_table('course_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=16), nullable=True),
    sa.Column('needed_kind', sa.String(length=32), nullable=True),
    sa.Column('needed_level', sa.String(length=2), nullable=True),
    sa.Column('needed_time', sa.String(length=16), nullable=True),
    sa.Column('needed_district', sa.String(length=60), nullable=True),
    sa.Column('needed_childcare', sa.Boolean(), nullable=True),
    sa.CheckConstraint("audience IS NULL OR audience IN ('adult', 'parent', 'woman', 'young_person', 'child')", name=op.f('ck_course_outcome_audience')),
    sa.CheckConstraint("needed_kind IS NULL OR needed_kind IN ('integration_general', 'integration_youth', 'integration_parents', 'integration_women', 'integration_literacy', 'integration_second_script', 'integration_intensive', 'integration_special', 'job_language', 'adult_education', 'children', 'youth')", name=op.f('ck_course_outcome_needed_kind')),
    sa.CheckConstraint("needed_level IS NULL OR needed_level IN ('A1', 'A2', 'B1', 'B2', 'C1')", name=op.f('ck_course_outcome_needed_level')),
    sa.CheckConstraint("needed_time IS NULL OR needed_time IN ('morning', 'afternoon', 'evening', 'weekend')", name=op.f('ck_course_outcome_needed_time')),
    sa.CheckConstraint("result IN ('referred', 'unmet')", name=op.f('ck_course_outcome_result')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_outcome_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_course_outcome_visit_id_visit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_outcome'))
    )
    with op.batch_alter_table('course_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_outcome_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_course_outcome_day_result', ['day', 'result'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_outcome_visit_id'), ['visit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('course_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_outcome_visit_id'))
        batch_op.drop_index('ix_course_outcome_day_result')
        batch_op.drop_index(batch_op.f('ix_course_outcome_course_id'))

    op.drop_table('course_outcome')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_index('ix_course_starts_on_kind_level')

    op.drop_table('course')
