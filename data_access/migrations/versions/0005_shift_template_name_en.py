"""shift template: English name

Revision ID: 0005_shift_template_name_en
Revises: 0004_stats_rollup
Create Date: 2026-11-25 17:05:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_shift_template_name_en'
down_revision = '0004_stats_rollup'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shift_template') as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shift_template') as batch_op:
        batch_op.drop_column('name_en')
