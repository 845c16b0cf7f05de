"""forecast_choice: the method each forecast run chose per place and level, with its backtest error

Revision ID: 0011_forecast_choice
Revises: 0010_queue
Create Date: 2026-12-04 12:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0011_forecast_choice'
down_revision = '0010_queue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('forecast_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('backtest_mae', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_forecast_choice_location_id_location')),
    sa.ForeignKeyConstraint(['run_id'], ['forecast_run.id'], name=op.f('fk_forecast_choice_run_id_forecast_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_choice')),
    sa.UniqueConstraint('run_id', 'location_id', 'level', name=op.f('uq_forecast_choice_run_id_location_id_level'))
    )


def downgrade() -> None:
    op.drop_table('forecast_choice')
