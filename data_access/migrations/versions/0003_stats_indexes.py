"""stats: covering indexes of the visit statistics; daily totals of stored forecast runs

Each index starts with day and then the column a chart groups by, so that a date-range
GROUP BY streams in index order (no sort, no table reads) on SQLite and PostgreSQL.

Revision ID: 0003_stats_indexes
Revises: 0002
Create Date: 2026-11-25 14:27:58.275937
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_stats_indexes'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('forecast_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('expected', sa.Float(), nullable=False),
    sa.Column('lo80', sa.Float(), nullable=True),
    sa.Column('hi80', sa.Float(), nullable=True),
    sa.Column('lo95', sa.Float(), nullable=True),
    sa.Column('hi95', sa.Float(), nullable=True),
    sa.CheckConstraint('expected >= 0', name=op.f('ck_forecast_day_expected')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_forecast_day_location_id_location')),
    sa.ForeignKeyConstraint(['run_id'], ['forecast_run.id'], name=op.f('fk_forecast_day_run_id_forecast_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_day')),
    sa.UniqueConstraint('run_id', 'location_id', 'day', name=op.f('uq_forecast_day_run_id_location_id_day'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_day_concern', ['day', 'concern', 'location_id', 'target_group', 'language', 'service_minutes'], unique=False)
        batch_op.create_index('ix_visit_day_language', ['day', 'language', 'location_id', 'target_group', 'concern'], unique=False)
        batch_op.create_index('ix_visit_day_stats', ['day', 'location_id', 'target_group', 'concern', 'language', 'video_interpreter', 'wait_minutes', 'service_minutes'], unique=False)
        batch_op.create_index('ix_visit_day_wait', ['day', 'wait_minutes', 'location_id', 'target_group', 'concern', 'language'], unique=False)
        batch_op.create_index('ix_visit_day_weekday_slot', ['day', 'weekday', 'slot', 'location_id', 'target_group', 'concern', 'language'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_day_weekday_slot')
        batch_op.drop_index('ix_visit_day_wait')
        batch_op.drop_index('ix_visit_day_stats')
        batch_op.drop_index('ix_visit_day_language')
        batch_op.drop_index('ix_visit_day_concern')

    op.drop_table('forecast_day')
