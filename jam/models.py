"""Storage tables.

Tables declare no ORM relationships on purpose: every related load is an explicit query (batched
by DataLoaders in the API), so async code can never trigger an implicit lazy load.
Times are stored as naive UTC through :class:`jam.timeutil.UTCDateTime`.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from jam.timeutil import UTCDateTime, utcnow


class GlobalRole(enum.StrEnum):
    MEMBER = "member"
    ANALYST = "analyst"
    ADMIN = "admin"


class AccountKind(enum.StrEnum):
    EMPLOYEE = "employee"
    GUEST = "guest"


class JamRole(enum.StrEnum):
    PARTICIPANT = "participant"
    MODERATOR = "moderator"


def _time(index: bool = False) -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320)
    email_normalized: str = Field(max_length=320, unique=True, index=True)
    display_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=200)
    role: str = Field(default=GlobalRole.MEMBER.value, max_length=20)
    kind: str = Field(default=AccountKind.EMPLOYEE.value, max_length=20)
    org_unit: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=2)
    created_at: datetime = _time()
    # When the person proved they read mail at ``email`` (a signed link); accounts made by an
    # administrator count as verified. Employee status from self-registration needs this.
    email_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ServerSecret(SQLModel, table=True):
    """Secrets every process of a deployment shares, made once (e.g. the key that signs
    e-mail links when JAM_SECRET_KEY is not set)."""

    __tablename__ = "server_secret"

    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)
    created_at: datetime = _time()


class SessionToken(SQLModel, table=True):
    __tablename__ = "session_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    created_at: datetime = _time()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Jam(SQLModel, table=True):
    __tablename__ = "jam"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True, index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = _time()
    updated_at: datetime = _time()
    # Distinct counted flags that hide an idea or comment until a moderator reviews it.
    flag_threshold: int = Field(default=3, sa_column_kwargs={"server_default": "3"})


class Forum(SQLModel, table=True):
    __tablename__ = "forum"

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    question: str = Field(default="", sa_column=Column(Text, nullable=False))
    position: int = 0
    created_at: datetime = _time()


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("jam_id", "user_id", name="uq_membership_jam_user"),)

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    role: str = Field(default=JamRole.PARTICIPANT.value, max_length=20)
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id")
    joined_at: datetime = _time()


class Invitation(SQLModel, table=True):
    __tablename__ = "invitation"

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=64, unique=True, index=True)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    max_uses: int | None = None
    uses: int = 0
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Idea(SQLModel, table=True):
    __tablename__ = "idea"
    __table_args__ = (
        Index("ix_idea_jam_created", "jam_id", "created_at", "id"),
        Index("ix_idea_jam_top", "jam_id", "top_score", "id"),
        Index("ix_idea_jam_hot", "jam_id", "hot_score", "id"),
        Index("ix_idea_forum_created", "forum_id", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    forum_id: int = Field(foreign_key="forum.id", ondelete="CASCADE")
    author_id: int = Field(foreign_key="user_account.id", index=True)
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    hidden: bool = False
    # Why it is hidden (shown to its author and moderators); who hid it (None: the flags did).
    hidden_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    hidden_by: int | None = Field(default=None, foreign_key="user_account.id")
    hidden_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Pinned at the top of its forum by a moderator (the newest pin first).
    pinned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Merged into another idea (see IdeaMerge): out of every list; links lead to that idea.
    merged_into_id: int | None = Field(default=None, foreign_key="idea.id")
    upvotes: int = 0
    downvotes: int = 0
    # "Seen, no opinion" votes (Pol.is's pass): counted for opinion groups, never in the scores.
    passes: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    comment_count: int = 0
    top_score: float = 0.0
    hot_score: float = 0.0
    created_at: datetime = _time()
    updated_at: datetime = _time()


class IdeaTag(SQLModel, table=True):
    __tablename__ = "idea_tag"

    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(max_length=40, primary_key=True, index=True)


class EditorialLabel(enum.StrEnum):
    EMERGING = "emerging"
    BEST = "best"


class IdeaLabel(SQLModel, table=True):
    """An editorial label a moderator gave an idea (IBM's "Emerging" and "Best")."""

    __tablename__ = "idea_label"

    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    label: str = Field(max_length=20, primary_key=True, index=True)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()


class IdeaEmbedding(SQLModel, table=True):
    """An idea's sentence vector, kept so a refit reads it instead of running the encoder again
    (~10-30 ms of CPU per idea). Derived data: rebuilt whenever ``model`` or ``text_hash`` no
    longer match (the sha256 hex of the exact text embedded, so an edit gets a new vector).
    ``vector`` is float32 little-endian (``np.asarray(v, "<f4").tobytes()``)."""

    __tablename__ = "idea_embedding"

    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    model: str = Field(max_length=100)
    text_hash: str = Field(max_length=64)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = _time()


class Comment(SQLModel, table=True):
    __tablename__ = "comment"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    author_id: int = Field(foreign_key="user_account.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="comment.id", index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _time()
    # The idea it was written under, when a merge moved it (its provenance).
    moved_from_idea_id: int | None = Field(default=None, foreign_key="idea.id")
    hidden: bool = False
    # Why it is hidden (shown to its author and moderators); who hid it (None: the flags did).
    hidden_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    hidden_by: int | None = Field(default=None, foreign_key="user_account.id")
    hidden_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Vote(SQLModel, table=True):
    """One person's vote on an idea: +1 up (agree), -1 down (disagree), 0 pass (seen, no
    opinion). No row: no vote."""

    __tablename__ = "vote"

    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, index=True)
    value: int
    created_at: datetime = _time()
    updated_at: datetime = _time()


class ItemKind(enum.StrEnum):
    """What can be flagged and hidden."""

    IDEA = "idea"
    COMMENT = "comment"


class FlagReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    DUPLICATE = "duplicate"
    OTHER = "other"


class Flag(SQLModel, table=True):
    """One member's report of an idea or a comment. Open until a moderator decides on the
    item (``resolution``); ``counted`` is False for flags from muted members, which never
    hide anything."""

    __tablename__ = "flag"
    __table_args__ = (
        UniqueConstraint("item_kind", "item_id", "user_id", name="uq_flag_item_user"),
        Index("ix_flag_jam_open", "jam_id", "resolved_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    forum_id: int = Field(foreign_key="forum.id", ondelete="CASCADE")
    item_kind: str = Field(max_length=20)
    item_id: int
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", index=True)
    reason: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    counted: bool = True
    created_at: datetime = _time()
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by: int | None = Field(default=None, foreign_key="user_account.id")
    resolution: str | None = Field(default=None, max_length=20)


class Mute(SQLModel, table=True):
    """A member who may read a jam but not post, comment, vote or flag, from ``created_at``
    until ``ends_at`` or until lifted."""

    __tablename__ = "mute"
    __table_args__ = (Index("ix_mute_jam_user", "jam_id", "user_id", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", index=True)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    lifted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lifted_by: int | None = Field(default=None, foreign_key="user_account.id")


class NotificationKind(enum.StrEnum):
    REPLY = "reply"
    ITEM_HIDDEN = "item_hidden"
    ITEM_RESTORED = "item_restored"
    MUTED = "muted"
    UNMUTED = "unmuted"
    MERGE_REQUESTED = "merge_requested"  # a moderator asks to merge the person's idea
    MERGE_DONE = "merge_done"  # an idea the person wrote or supported was merged
    MERGE_DECLINED = "merge_declined"  # to the moderator who proposed it
    ANNOUNCEMENT = "announcement"


class Notification(SQLModel, table=True):
    """Something a person should know about (a reply, their item hidden and why), in their
    inbox until read."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    kind: str = Field(max_length=30)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="CASCADE")
    comment_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    merge_id: int | None = Field(default=None, foreign_key="idea_merge.id", ondelete="CASCADE")
    announcement_id: int | None = Field(
        default=None, foreign_key="announcement.id", ondelete="CASCADE"
    )
    created_at: datetime = _time()
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AnnouncementLevel(enum.StrEnum):
    INFO = "info"
    IMPORTANT = "important"


class Announcement(SQLModel, table=True):
    """A moderator's message to a jam or one of its forums ("jam alert"), shown as a banner
    until each person dismisses it; kept after it is retracted."""

    __tablename__ = "announcement"
    __table_args__ = (Index("ix_announcement_jam", "jam_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    forum_id: int | None = Field(default=None, foreign_key="forum.id", ondelete="CASCADE")
    level: str = Field(max_length=20)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()
    retracted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retracted_by: int | None = Field(default=None, foreign_key="user_account.id")


class AnnouncementDismissal(SQLModel, table=True):
    __tablename__ = "announcement_dismissal"

    announcement_id: int = Field(
        foreign_key="announcement.id", primary_key=True, ondelete="CASCADE"
    )
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, ondelete="CASCADE")
    created_at: datetime = _time()


class MergeStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the source idea's author (until the deadline)
    DECLINED = "declined"
    CANCELLED = "cancelled"
    MERGED = "merged"
    UNMERGED = "unmerged"


class IdeaMerge(SQLModel, table=True):
    """A proposal to merge one idea (the source) into another (the target), its consent and
    outcome. ``undo`` holds, once merged, exactly what the merge changed (JSON: votes moved or
    set aside, comments moved, both ideas' counters) so an unmerge restores it."""

    __tablename__ = "idea_merge"
    __table_args__ = (Index("ix_idea_merge_jam", "jam_id", "status", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    source_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    target_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    status: str = Field(default=MergeStatus.PENDING.value, max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    score: float | None = None
    proposed_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()
    deadline: datetime = Field(sa_type=UTCDateTime, nullable=False)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answer_note: str = Field(default="", sa_column=Column(Text, nullable=False))
    merged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    merged_by: int | None = Field(default=None, foreign_key="user_account.id")
    unmerged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    undo: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class Shift(SQLModel, table=True):
    """A facilitator's turn on duty in a jam (optionally for some forums only)."""

    __tablename__ = "shift"
    __table_args__ = (Index("ix_shift_jam_time", "jam_id", "starts_at", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    forum_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON; [] = all
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()


class JournalKind(enum.StrEnum):
    """What a journal entry is: a plain note, or an open item for the next shift."""

    NOTE = "note"
    FLAG = "flag"  # a pending flag to settle
    WATCH = "watch"  # a thread to watch
    FEATURE = "feature"  # an idea to feature


class JournalEntry(SQLModel, table=True):
    """One line of a shift's hand-off journal: a note, or an open item for the next shift
    (a flag to settle, a thread to watch, an idea to feature), which may link an idea or a
    comment and stays open until someone closes it."""

    __tablename__ = "journal_entry"

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="shift.id", index=True, ondelete="CASCADE")
    author_id: int = Field(foreign_key="user_account.id")
    kind: str = Field(max_length=20)
    body: str = Field(sa_column=Column(Text, nullable=False))
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL")
    comment_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="SET NULL")
    created_at: datetime = _time()
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: int | None = Field(default=None, foreign_key="user_account.id")


class IdempotencyKey(SQLModel, table=True):
    """The first result of a create call, so a retried call returns it instead of posting twice."""

    __tablename__ = "idempotency_key"
    __table_args__ = (
        UniqueConstraint("user_id", "operation", "key", name="uq_idempotency_user_op_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    operation: str = Field(max_length=40)
    key: str = Field(max_length=100)
    result_id: int
    created_at: datetime = _time()


class AuditEvent(SQLModel, table=True):
    """Who changed what and when; written in the same transaction as the change."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _time(index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    action: str = Field(max_length=60)
    jam_id: int | None = Field(default=None, index=True)
    subject_type: str = Field(max_length=40)
    subject_id: int | None = None
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class ThemeSnapshot(SQLModel, table=True):
    """One version of a jam's (or forum's) themes.

    ``model`` is the fitted ``clustering.ThemeModel`` (JSON, for placing new ideas and for the
    next refit to keep theme ids); ``themes`` is what people see: the model's themes with the
    moderators' edits applied. Which idea is in which theme is in ``idea_theme``.
    """

    __tablename__ = "theme_snapshot"
    __table_args__ = (Index("ix_theme_snapshot_scope", "jam_id", "forum_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", ondelete="CASCADE")
    forum_id: int | None = Field(default=None, foreign_key="forum.id", ondelete="CASCADE")
    version: int
    reason: str = Field(max_length=40)
    requested_by: int | None = Field(default=None, foreign_key="user_account.id")
    idea_count: int
    fitted_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_at: datetime = _time()
    model: str = Field(sa_column=Column(Text, nullable=False))
    themes: str = Field(sa_column=Column(Text, nullable=False))
    changes: str = Field(default="[]", sa_column=Column(Text, nullable=False))


class IdeaTheme(SQLModel, table=True):
    """An idea's theme (null: none) and map point in one snapshot."""

    __tablename__ = "idea_theme"
    __table_args__ = (Index("ix_idea_theme_snapshot_theme", "snapshot_id", "theme_id", "idea_id"),)

    snapshot_id: int = Field(foreign_key="theme_snapshot.id", primary_key=True, ondelete="CASCADE")
    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    theme_id: int | None = None
    x: float = 0.0
    y: float = 0.0


class ThemeEdit(SQLModel, table=True):
    """A moderator's change to the themes (rename, merge, split), re-applied after every refit
    for as long as the themes it names still exist."""

    __tablename__ = "theme_edit"

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    forum_id: int | None = Field(default=None, foreign_key="forum.id", ondelete="CASCADE")
    kind: str = Field(max_length=20)
    theme_id: int
    other_theme_id: int | None = None
    label: str | None = Field(default=None, max_length=200)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = _time()


class ConnectorSnapshot(SQLModel, table=True):
    """A network analysis of a jam's interactions (communities, connectors, teams), as JSON with
    user ids; names or pseudonyms are put in when it is read, depending on who reads."""

    __tablename__ = "connector_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=40)
    requested_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = _time()
    salt: str = Field(max_length=64)  # pseudonyms: secret, and the same for every snapshot of a jam
    result: str = Field(sa_column=Column(Text, nullable=False))


class OpinionSnapshot(SQLModel, table=True):
    """Opinion groups of a jam from its votes (``clustering.opinions``), as JSON with user ids;
    pseudonyms are put in when it is read, depending on who reads."""

    __tablename__ = "opinion_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=40)
    requested_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = _time()
    result: str = Field(sa_column=Column(Text, nullable=False))


class OutboxEvent(SQLModel, table=True):
    """A committed change, for the live stream (the transactional outbox).

    Written by an action in the transaction of the change it describes, so it exists exactly
    when the change does; each process's feed (``jam.feed``) tails this table and the worker
    reads it to find new work. ``xid`` is the writing transaction's id on PostgreSQL
    (``pg_current_xact_id()``) and 0 on SQLite: rows are read in ``(xid, position)`` order and,
    on PostgreSQL, only below the oldest transaction still running, so a transaction that
    commits after a later-numbered one is never skipped (see ``jam.events``). Kept for
    ``JAM_EVENT_RETENTION_HOURS`` so reconnecting clients can catch up.
    """

    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_event_order", "xid", "position"),)

    position: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    xid: int = Field(default=0, sa_type=BigInteger, nullable=False)
    kind: str = Field(max_length=40)
    jam_id: int | None = Field(default=None, index=True)
    idea_id: int | None = None
    subject_id: int | None = None
    actor_id: int | None = None
    at: datetime = _time(index=True)
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class WorkerLease(SQLModel, table=True):
    """Which ``jam worker`` is the active one, until when, and how far it has read the outbox.

    The active worker renews ``expires_at``; a standby takes the lease once it has expired (the
    holder died), and carries on from ``cursor``."""

    __tablename__ = "worker_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=200)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    renewed_at: datetime = _time()
    cursor: str = Field(default="", max_length=60)


class Job(SQLModel, table=True):
    """Background work someone asked for (a theme refit, a connector analysis): queued by an
    action, done by the worker, its status readable by whoever asked."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_status", "status", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    jam_id: int = Field(foreign_key="jam.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=40)
    status: str = Field(default="queued", max_length=20)
    requested_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = _time()
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    result_id: int | None = None
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
