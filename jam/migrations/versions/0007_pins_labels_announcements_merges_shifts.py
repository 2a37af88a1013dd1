"""moderation: pins, labels, announcements, merges, shifts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 18:35:02.917124
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import jam.timeutil

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('ends_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('forum_ids', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index('ix_shift_jam_time', ['jam_id', 'starts_at', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_user_id'), ['user_id'], unique=False)

    op.create_table('announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('retracted_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('retracted_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['forum_id'], ['forum.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['retracted_by'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.create_index('ix_announcement_jam', ['jam_id', 'id'], unique=False)

    op.create_table('announcement_dismissal',
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcement.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('announcement_id', 'user_id')
    )
    op.create_table('idea_label',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'label')
    )
    with op.batch_alter_table('idea_label', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_label_label'), ['label'], unique=False)

    op.create_table('idea_merge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jam_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('proposed_by', sa.Integer(), nullable=False),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('deadline', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('answered_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=False),
    sa.Column('merged_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('merged_by', sa.Integer(), nullable=True),
    sa.Column('unmerged_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('undo', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['jam_id'], ['jam.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['proposed_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['source_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['idea.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea_merge', schema=None) as batch_op:
        batch_op.create_index('ix_idea_merge_jam', ['jam_id', 'status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_merge_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_merge_target_id'), ['target_id'], unique=False)

    op.create_table('journal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', jam.timeutil.UTCDateTime(), nullable=False),
    sa.Column('closed_at', jam.timeutil.UTCDateTime(), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['closed_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_entry_shift_id'), ['shift_id'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moved_from_idea_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_comment_moved_from_idea', 'idea', ['moved_from_idea_id'], ['id'])

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', jam.timeutil.UTCDateTime(), nullable=True))

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pinned_at', jam.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_idea_merged_into', 'idea', ['merged_into_id'], ['id'])

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merge_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('announcement_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_notification_merge', 'idea_merge', ['merge_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key('fk_notification_announcement', 'announcement', ['announcement_id'], ['id'], ondelete='CASCADE')



def downgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notification_announcement', type_='foreignkey')
        batch_op.drop_constraint('fk_notification_merge', type_='foreignkey')
        batch_op.drop_column('announcement_id')
        batch_op.drop_column('merge_id')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint('fk_idea_merged_into', type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('pinned_at')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint('fk_comment_moved_from_idea', type_='foreignkey')
        batch_op.drop_column('moved_from_idea_id')

    with op.batch_alter_table('journal_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_entry_shift_id'))

    op.drop_table('journal_entry')
    with op.batch_alter_table('idea_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_merge_target_id'))
        batch_op.drop_index(batch_op.f('ix_idea_merge_source_id'))
        batch_op.drop_index('ix_idea_merge_jam')

    op.drop_table('idea_merge')
    with op.batch_alter_table('idea_label', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_label_label'))

    op.drop_table('idea_label')
    op.drop_table('announcement_dismissal')
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_index('ix_announcement_jam')

    op.drop_table('announcement')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_user_id'))
        batch_op.drop_index('ix_shift_jam_time')

    op.drop_table('shift')
