"""after publishing (issue 20): team logins bound to a staff record, absences from a time of
day, open shifts with the colleagues asked to take them, leave requests, staff e-mail
addresses, notices of changes and team members' own calendar subscriptions

Revision ID: 0012_after_publishing
Revises: 0011_forecast_choice
Create Date: 2026-12-04 17:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0012_after_publishing'
down_revision = '0011_forecast_choice'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('admin', 'coordination', 'leadership', 'reception', 'partner')"
NEW_ROLES = "role IN ('admin', 'coordination', 'leadership', 'reception', 'partner', 'team')"


def upgrade() -> None:
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.Time(), nullable=True))

    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('balance_minutes', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('balance_from', sa.Date(), nullable=True))

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_app_user_staff_id_staff_member'), 'staff_member', ['staff_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.drop_constraint(op.f('ck_app_user_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_app_user_role'), sa.text(NEW_ROLES))
        batch_op.create_check_constraint(op.f('ck_app_user_team_staff'),
                                         sa.text("(role = 'team') = (staff_id IS NOT NULL)"))

    op.create_table('open_shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('absence_id', sa.Integer(), nullable=True),
    sa.Column('absent_staff_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=32), nullable=False),
    sa.Column('template', sa.String(length=32), nullable=False),
    sa.Column('task', sa.String(length=32), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.Column('shift_starts_at', sa.Time(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=16), server_default='absence', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('filled_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('filled_at', sa.DateTime(), nullable=True),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'accepted', 'filled', 'cancelled')", name=op.f('ck_open_shift_status')),
    sa.CheckConstraint("origin IN ('absence', 'swap')", name=op.f('ck_open_shift_origin')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_open_shift_order')),
    sa.ForeignKeyConstraint(['absence_id'], ['absence.id'], name=op.f('fk_open_shift_absence_id_absence'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['absent_staff_id'], ['staff_member.id'], name=op.f('fk_open_shift_absent_staff_id_staff_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['filled_by_staff_id'], ['staff_member.id'], name=op.f('fk_open_shift_filled_by_staff_id_staff_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule.id'], name=op.f('fk_open_shift_schedule_id_schedule'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_shift'))
    )
    with op.batch_alter_table('open_shift', schema=None) as batch_op:
        batch_op.create_index('ix_open_shift_day_status', ['day', 'status'], unique=False)

    op.create_table('replacement_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('open_shift_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('asked_by', sa.String(length=64), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('asked', 'accepted', 'declined', 'too_late')", name=op.f('ck_replacement_offer_status')),
    sa.ForeignKeyConstraint(['open_shift_id'], ['open_shift.id'], name=op.f('fk_replacement_offer_open_shift_id_open_shift'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_replacement_offer_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replacement_offer')),
    sa.UniqueConstraint('open_shift_id', 'staff_id', name=op.f('uq_replacement_offer_open_shift_id_staff_id'))
    )
    with op.batch_alter_table('replacement_offer', schema=None) as batch_op:
        batch_op.create_index('ix_replacement_offer_staff_status', ['staff_id', 'status'], unique=False)

    op.create_table('leave_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('absence_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'refused')", name=op.f('ck_leave_request_status')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_leave_request_order')),
    sa.ForeignKeyConstraint(['absence_id'], ['absence.id'], name=op.f('fk_leave_request_absence_id_absence'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_leave_request_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_request'))
    )
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.create_index('ix_leave_request_staff_status', ['staff_id', 'status'], unique=False)


    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('details', sa.Text(), server_default='{}', nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=32), nullable=False),
    sa.Column('task', sa.String(length=32), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('mailed_at', sa.DateTime(), nullable=True),
    sa.Column('mail_error', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_notice_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('staff_id', 'key', name=op.f('uq_notice_staff_id_key'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_mailed_at', ['mailed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_staff_id'), ['staff_id'], unique=False)


    op.create_table('staff_calendar_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_staff_calendar_token_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_calendar_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_calendar_token_token_hash'))
    )
    with op.batch_alter_table('staff_calendar_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_calendar_token_staff_id'), ['staff_id'], unique=False)


def downgrade() -> None:
    op.drop_table('staff_calendar_token')
    op.drop_table('notice')
    op.drop_table('leave_request')
    op.drop_table('replacement_offer')
    op.drop_table('open_shift')
    op.execute("DELETE FROM app_user WHERE role = 'team'")
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_app_user_team_staff'), type_='check')
        batch_op.drop_constraint(op.f('ck_app_user_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_app_user_role'), sa.text(OLD_ROLES))
        batch_op.drop_constraint(op.f('fk_app_user_staff_id_staff_member'), type_='foreignkey')
        batch_op.drop_column('staff_id')
    with op.batch_alter_table('staff_member', schema=None) as batch_op:
        batch_op.drop_column('balance_from')
        batch_op.drop_column('balance_minutes')
        batch_op.drop_column('email')
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.drop_column('starts_at')
