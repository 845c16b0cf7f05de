"""day count: visits of a day, place and group known only as a number (imported history)

Revision ID: 0006_day_count
Revises: 0005_shift_template_name_en
Create Date: 2026-11-25 17:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006_day_count'
down_revision = '0005_shift_template_name_en'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_count',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.String(length=16), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.CheckConstraint("target_group IN ('ukraine', 'other')", name=op.f('ck_day_count_target_group')),
    sa.CheckConstraint('visits >= 0', name=op.f('ck_day_count_visits')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_day_count_location_id_location')),
    sa.PrimaryKeyConstraint('day', 'location_id', 'target_group', name=op.f('pk_day_count'))
    )


def downgrade() -> None:
    op.drop_table('day_count')
