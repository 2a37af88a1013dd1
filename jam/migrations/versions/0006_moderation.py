"""moderation: flags, hiding reasons, mutes, notifications

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:23:25.245778

Existing ideas and comments are visible (comments gain ``hidden`` false); every jam hides an
item after 3 flags until its moderators change that.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import jam.timeutil

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('ends_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('lifted_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('lifted_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lifted_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mute', schema=None) as batch_op:
        batch_op.create_index('ix_mute_jam_user', ['jam_id', 'user_id', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mute_user_id'), ['user_id'], unique=False)

    op.create_table('flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('item_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolution', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_kind', 'item_id', 'user_id', name='uq_flag_item_user')
    )
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index('ix_flag_jam_open', ['jam_id', 'resolved_at', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_user_id'), ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('read_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user', ['user_id', 'id'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hidden_at', jam.timeutil.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key('fk_comment_hidden_by', 'user_account', ['hidden_by'], ['id'])

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hidden_at', jam.timeutil.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key('fk_idea_hidden_by', 'user_account', ['hidden_by'], ['id'])

    with op.batch_alter_table('jam', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flag_threshold', sa.Integer(), server_default='3', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('jam', schema=None) as batch_op:
        batch_op.drop_column('flag_threshold')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint('fk_idea_hidden_by', type_='foreignkey')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('hidden_by')
        batch_op.drop_column('hidden_reason')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint('fk_comment_hidden_by', type_='foreignkey')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('hidden_by')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user')

    op.drop_table('notification')
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_user_id'))
        batch_op.drop_index('ix_flag_jam_open')
        batch_op.drop_index(batch_op.f('ix_flag_idea_id'))

    op.drop_table('flag')
    with op.batch_alter_table('mute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mute_user_id'))
        batch_op.drop_index('ix_mute_jam_user')

    op.drop_table('mute')
