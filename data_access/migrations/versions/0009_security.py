"""security: session versions of the users, the login throttle, the place of a device token

Revision ID: 0009_security
Revises: 0008_courses
Create Date: 2026-12-04 13:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009_security'
down_revision = '0008_courses'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    op.create_table('login_throttle',
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('login', name=op.f('pk_login_throttle'))
    )
    op.create_index(op.f('ix_login_throttle_last_at'), 'login_throttle', ['last_at'], unique=False)
    with op.batch_alter_table('device_token') as batch:
        batch.add_column(sa.Column('location_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_device_token_location_id_location'), 'location', ['location_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('device_token') as batch:
        batch.drop_constraint(op.f('fk_device_token_location_id_location'), type_='foreignkey')
        batch.drop_column('location_id')
    op.drop_index(op.f('ix_login_throttle_last_at'), table_name='login_throttle')
    op.drop_table('login_throttle')
    with op.batch_alter_table('app_user') as batch:
        batch.drop_column('session_version')
