"""queue_poll_indexes: the call display's and the status pages' look-ups each read one index range

Revision ID: 0014_queue_poll_indexes
Revises: 0013_desk_entry_key
Create Date: 2026-12-04 19:45:00
"""

from alembic import op


revision = '0014_queue_poll_indexes'
down_revision = '0013_desk_entry_key'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_location_day_state')
        batch_op.create_index('ix_ticket_waiting_order', ['location_id', 'day', 'state', 'waiting_since', 'id'],
                              unique=False)
        batch_op.create_index('ix_ticket_queue_order', ['location_id', 'day', 'queue_id', 'state', 'waiting_since'],
                              unique=False)
        batch_op.create_index('ix_ticket_called', ['location_id', 'day', 'called_at'], unique=False)
    with op.batch_alter_table('ticket_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_step_called_at'), ['called_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_step_called_at'))
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_called')
        batch_op.drop_index('ix_ticket_queue_order')
        batch_op.drop_index('ix_ticket_waiting_order')
        batch_op.create_index('ix_ticket_location_day_state', ['location_id', 'day', 'state'], unique=False)
