"""queue: queues and desks per place, tickets, visit steps, display tokens

Revision ID: 0010_queue
Revises: 0006_day_count
Create Date: 2026-12-04 12:26:23.900754
"""

from alembic import op
import sqlalchemy as sa


revision = '0010_queue'
down_revision = '0006_day_count'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('queue_codes', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_desk_location_id_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk')),
    sa.UniqueConstraint('location_id', 'name', name=op.f('uq_desk_location_id_name'))
    )
    op.create_table('display_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_display_token_location_id_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_display_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_display_token_token_hash'))
    )
    op.create_table('queue_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('name_de', sa.String(length=60), nullable=False),
    sa.Column('name_en', sa.String(length=60), nullable=False),
    sa.Column('concerns', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_queue_line_location_id_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_line')),
    sa.UniqueConstraint('location_id', 'code', name=op.f('uq_queue_line_location_id_code'))
    )
    op.create_table('ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('issue_code', sa.String(length=4), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('waiting_since', sa.DateTime(), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('parked_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state IN ('waiting', 'called', 'parked', 'done', 'no_show')", name=op.f('ck_ticket_state')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_ticket_desk_id_desk')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_ticket_location_id_location')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_line.id'], name=op.f('fk_ticket_queue_id_queue_line')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_ticket_visit_id_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket')),
    sa.UniqueConstraint('location_id', 'day', 'issue_code', 'number', name=op.f('uq_ticket_location_id_day_issue_code_number')),
    sa.UniqueConstraint('token', name=op.f('uq_ticket_token')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_ticket_visit_id'))
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_location_day_state', ['location_id', 'day', 'state'], unique=False)

    op.create_table('ticket_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('waiting_since', sa.DateTime(), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=12), nullable=True),
    sa.Column('wait_minutes', sa.Float(), nullable=True),
    sa.Column('service_minutes', sa.Float(), nullable=True),
    sa.Column('parked_minutes', sa.Float(), nullable=False),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('served', 'referred', 'no_show')", name=op.f('ck_ticket_step_outcome')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_ticket_step_desk_id_desk')),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_line.id'], name=op.f('fk_ticket_step_queue_id_queue_line')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_step_ticket_id_ticket'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_step'))
    )
    with op.batch_alter_table('ticket_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_step_ticket_id'), ['ticket_id'], unique=False)



    op.create_table('ticket_counter',
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_ticket_counter_location_id_location')),
    sa.PrimaryKeyConstraint('location_id', 'day', 'code', name=op.f('pk_ticket_counter'))
    )
    op.create_table('info_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("status IN ('unchecked', 'ok', 'broken')", name=op.f('ck_info_link_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_info_link'))
    )


def downgrade() -> None:
    op.drop_table('info_link')
    op.drop_table('ticket_counter')
    with op.batch_alter_table('ticket_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_step_ticket_id'))

    op.drop_table('ticket_step')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_location_day_state')

    op.drop_table('ticket')
    op.drop_table('queue_line')
    op.drop_table('display_token')
    op.drop_table('desk')
