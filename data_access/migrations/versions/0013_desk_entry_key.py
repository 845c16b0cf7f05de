"""desk_entry_key: an arrival recorded at the desk is stored once per entry key, however often it is retried

Revision ID: 0013_desk_entry_key
Revises: 0012_after_publishing
Create Date: 2026-12-04 17:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013_desk_entry_key'
down_revision = '0012_after_publishing'
branch_labels = None
depends_on = None

WHERE = "device_token_id IS NULL AND idempotency_key IS NOT NULL"


def upgrade() -> None:
    op.create_index('ux_visit_desk_key', 'visit', ['idempotency_key'], unique=True,
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    op.drop_index('ux_visit_desk_key', table_name='visit')
