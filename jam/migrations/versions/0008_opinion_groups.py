"""opinion groups: pass votes and opinion snapshots

A vote of 0 is now a pass ("seen, no opinion"), counted in idea.passes; opinion_snapshot keeps
the opinion groups the worker computes from the votes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:46:48.632806
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import jam.timeutil

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('opinion_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('opinion_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_snapshot_jam_id'), ['jam_id'], unique=False)

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('passes', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_column('passes')

    with op.batch_alter_table('opinion_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_snapshot_jam_id'))

    op.drop_table('opinion_snapshot')
