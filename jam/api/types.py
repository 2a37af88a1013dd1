"""GraphQL object types. Thin: fields copy model data, related data comes from DataLoaders,
rules live in ``jam.access`` / ``jam.queries``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types.lazy_type import LazyType

from jam import clock
from jam.access import may_moderate
from jam.actions.ideas import VoteValue as VoteValueModel
from jam.api.context import Info
from jam.api.errors import bad_input
from jam.api.ids import id_or_none
from jam.models import AccountKind as AccountKindModel
from jam.models import Comment as CommentModel
from jam.models import EditorialLabel as EditorialLabelModel
from jam.models import FlagReason as FlagReasonModel
from jam.models import Forum as ForumModel
from jam.models import GlobalRole as GlobalRoleModel
from jam.models import Idea as IdeaModel
from jam.models import Invitation as InvitationModel
from jam.models import ItemKind as ItemKindModel
from jam.models import Jam as JamModel
from jam.models import JamRole as JamRoleModel
from jam.models import Membership as MembershipModel
from jam.models import MergeStatus as MergeStatusModel
from jam.models import User as UserModel
from jam.queries import ideas as idea_queries
from jam.queries.connectors import connector_analysis_for
from jam.queries.opinions import opinion_groups_for
from jam.queries.themes import theme_history, theme_snapshot_for
from jam.timeutil import utcnow

if TYPE_CHECKING:
    from jam.api.announcements import Announcement
    from jam.api.connectors import ConnectorAnalysis
    from jam.api.merges import Merge, MergeSuggestion
    from jam.api.moderation import (
        MemberConnection,
        ModerationLogConnection,
        ModerationQueue,
        Mute,
    )
    from jam.api.opinions import OpinionGroups
    from jam.api.themes import ThemeSnapshot, ThemeSnapshotSummary

# The object graph is cyclic by nature (a jam has themes, a theme has ideas, an idea has its
# jam), the modules are not: jam.api.themes and jam.api.connectors import these core types, and
# the core types name theirs lazily (strawberry.lazy), resolving the class only when a field is
# first resolved.
_THEME_SNAPSHOT = strawberry.lazy("jam.api.themes")
_CONNECTOR_ANALYSIS = strawberry.lazy("jam.api.connectors")
_OPINIONS = strawberry.lazy("jam.api.opinions")
_MODERATION = strawberry.lazy("jam.api.moderation")
_ANNOUNCEMENTS = strawberry.lazy("jam.api.announcements")
_MERGES = strawberry.lazy("jam.api.merges")


def resolve_lazy(lazy: Any, name: str) -> Any:
    return LazyType(name, lazy.module, lazy.package).resolve_type()

# The domain's enums are the API's enums: registering them keeps one definition of each.
strawberry.enum(clock.JamPhase, name="JamPhase")
strawberry.enum(idea_queries.IdeaSort, name="IdeaSort")
strawberry.enum(
    VoteValueModel,
    name="VoteValue",
    description="UP agrees, DOWN disagrees, PASS says \"seen, no opinion\" (it counts for "
    "opinion groups, not in the scores).",
)
strawberry.enum(JamRoleModel, name="JamRole")
strawberry.enum(GlobalRoleModel, name="GlobalRole")
strawberry.enum(AccountKindModel, name="AccountKind")
strawberry.enum(ItemKindModel, name="ItemKind")
strawberry.enum(FlagReasonModel, name="FlagReason")
strawberry.enum(EditorialLabelModel, name="EditorialLabel")


@strawberry.type(description="Why an idea or comment is hidden: for its author and moderators.")
class HiddenNote:
    reason: str | None = strawberry.field(
        description="The moderator's reason; null when the flags hid it (pending review)."
    )
    hidden_at: datetime | None
    automatic: bool = strawberry.field(
        description="Hidden by members' flags, until a moderator reviews it."
    )

    @classmethod
    def of(cls, row: IdeaModel | CommentModel) -> HiddenNote | None:
        if not row.hidden:
            return None
        return cls(
            reason=row.hidden_reason, hidden_at=row.hidden_at, automatic=row.hidden_by is None
        )


async def _viewer_flagged(info: Info, kind: ItemKindModel, item_id: int) -> bool:
    if info.context.actor is None:
        return False
    return await info.context.loaders.viewer_flags.load((kind.value, item_id))


@strawberry.type
class User:
    id: strawberry.ID
    display_name: str
    kind: AccountKindModel
    role: GlobalRoleModel
    _email: strawberry.Private[str]
    _email_verified: strawberry.Private[bool] = False

    def _shown_to(self, info: Info) -> bool:
        actor = info.context.actor
        return bool(actor and (str(actor.user_id) == self.id or actor.is_admin))

    @strawberry.field(description="Only visible to the person themself and administrators.")
    def email(self, info: Info) -> str | None:
        return self._email if self._shown_to(info) else None

    @strawberry.field(
        description="Whether the address is verified (by its link, or made by an administrator); "
        "only visible to the person themself and administrators."
    )
    def email_verified(self, info: Info) -> bool | None:
        return self._email_verified if self._shown_to(info) else None

    @classmethod
    def of(cls, user: UserModel) -> User:
        return cls(
            id=strawberry.ID(str(user.id)),
            display_name=user.display_name,
            kind=AccountKindModel(user.kind),
            role=GlobalRoleModel(user.role),
            _email=user.email,
            _email_verified=user.email_verified_at is not None,
        )


async def _themes(info: Info, jam_id: int, forum_id: int | None) -> ThemeSnapshot | None:
    actor = info.context.require_actor()
    view = await theme_snapshot_for(info.context.rt, actor, jam_id, forum_id)
    snapshot: ThemeSnapshot | None = (
        resolve_lazy(_THEME_SNAPSHOT, "ThemeSnapshot").of(view) if view else None
    )
    return snapshot


async def _user(info: Info, user_id: int) -> User:
    user = await info.context.loaders.users.load(user_id)
    assert user is not None
    return User.of(user)


@strawberry.type
class Forum:
    id: strawberry.ID
    title: str
    question: str
    position: int
    _jam_id: strawberry.Private[int]

    @strawberry.field
    async def jam(self, info: Info) -> Jam:
        jam = await info.context.loaders.jams.load(self._jam_id)
        assert jam is not None
        return Jam.of(jam)

    @strawberry.field(description="Visible ideas in this forum.")
    async def idea_count(self, info: Info) -> int:
        return await info.context.loaders.forum_idea_counts.load(int(self.id))

    @strawberry.field(description="This forum's ideas, a page at a time.")
    async def ideas(
        self,
        info: Info,
        sort: idea_queries.IdeaSort = idea_queries.IdeaSort.NEW,
        tag: str | None = None,
        search: str | None = None,
        first: int = idea_queries.PAGE_DEFAULT,
        after: str | None = None,
        label: EditorialLabelModel | None = None,
    ) -> IdeaConnection:
        return await idea_connection(
            info,
            idea_queries.IdeaFilter(
                self._jam_id, int(self.id), sort, tag, search, first, after, label
            ),
        )

    @strawberry.field(description="Ideas a moderator pinned at the top, the newest pin first.")
    async def pinned_ideas(self, info: Info) -> list[Idea]:
        actor = info.context.require_actor()
        pinned = await idea_queries.pinned_ideas(
            info.context.rt, actor, self._jam_id, int(self.id)
        )
        return [Idea.of(idea) for idea in pinned]

    @strawberry.field(description="The newest themes of this forum; null before the first fit.")
    async def themes(
        self, info: Info
    ) -> Annotated[ThemeSnapshot, _THEME_SNAPSHOT] | None:
        return await _themes(info, self._jam_id, int(self.id))

    @classmethod
    def of(cls, forum: ForumModel) -> Forum:
        return cls(
            id=strawberry.ID(str(forum.id)),
            title=forum.title,
            question=forum.question,
            position=forum.position,
            _jam_id=forum.jam_id,
        )


@strawberry.type
class Jam:
    id: strawberry.ID
    slug: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    _model: strawberry.Private[JamModel]

    @strawberry.field(description="Scheduled (read-only until startsAt), live, or closed.")
    def phase(self) -> clock.JamPhase:
        return clock.phase(self._model, utcnow())

    @strawberry.field
    async def forums(self, info: Info) -> list[Forum]:
        from jam.queries.jams import forums_of

        return [Forum.of(f) for f in await forums_of(info.context.rt, int(self.id))]

    @strawberry.field
    async def moderators(self, info: Info) -> list[User]:
        return [User.of(u) for u in await info.context.loaders.moderators.load(int(self.id))]

    @strawberry.field(description="The viewer's role in this jam; null when not a member.")
    async def viewer_role(self, info: Info) -> JamRoleModel | None:
        membership = await info.context.loaders.viewer_memberships.load(int(self.id))
        return JamRoleModel(membership.role) if membership else None

    @strawberry.field(description="Whether the viewer may moderate this jam.")
    async def viewer_can_moderate(self, info: Info) -> bool:
        return await viewer_moderates(info, int(self.id))

    @strawberry.field(
        description="Distinct members' flags that hide an idea or comment pending review."
    )
    def flag_threshold(self) -> int:
        return self._model.flag_threshold

    @strawberry.field(description="The viewer's mute in this jam while it lasts; null otherwise.")
    async def viewer_mute(self, info: Info) -> Annotated[Mute, _MODERATION] | None:
        if info.context.actor is None:
            return None
        mute = await info.context.loaders.viewer_mutes.load(int(self.id))
        shown: Mute | None = resolve_lazy(_MODERATION, "Mute").of(mute) if mute else None
        return shown

    @strawberry.field(
        description="Flagged ideas and comments awaiting a decision, oldest flag first, one "
        "entry per item (moderators only)."
    )
    async def moderation_queue(
        self,
        info: Info,
        forum_id: strawberry.ID | None = None,
        kind: ItemKindModel | None = None,
        reason: FlagReasonModel | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Annotated[ModerationQueue, _MODERATION]:
        queue: ModerationQueue = await resolve_lazy(_MODERATION, "ModerationQueue").load(
            info, int(self.id), forum_id, kind, reason, first, after
        )
        return queue

    @strawberry.field(
        description="The jam's moderation trail, newest first (moderators only); the whole "
        "log as CSV is at /jams/<id>/moderation-log.csv."
    )
    async def moderation_log(
        self,
        info: Info,
        action: str | None = None,
        actor_id: strawberry.ID | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Annotated[ModerationLogConnection, _MODERATION]:
        log: ModerationLogConnection = await resolve_lazy(
            _MODERATION, "ModerationLogConnection"
        ).load(info, int(self.id), action, actor_id, first, after)
        return log

    @strawberry.field(
        description="The announcements to show the viewer as banners (not dismissed, not "
        "retracted), newest first: the jam's, and with forumId also that forum's."
    )
    async def announcements(
        self, info: Info, forum_id: strawberry.ID | None = None
    ) -> list[Annotated[Announcement, _ANNOUNCEMENTS]]:
        shown: list[Announcement] = await resolve_lazy(_ANNOUNCEMENTS, "Announcement").current(
            info, int(self.id), forum_id
        )
        return shown

    @strawberry.field(description="Every announcement, retracted ones too (moderators).")
    async def announcement_history(
        self, info: Info
    ) -> list[Annotated[Announcement, _ANNOUNCEMENTS]]:
        shown: list[Announcement] = await resolve_lazy(_ANNOUNCEMENTS, "Announcement").history(
            info, int(self.id)
        )
        return shown

    @strawberry.field(description="Merge proposals, newest first (moderators).")
    async def merges(
        self, info: Info, status: MergeStatusModel | None = None
    ) -> list[Annotated[Merge, _MERGES]]:
        found: list[Merge] = await resolve_lazy(_MERGES, "Merge").of_jam(info, int(self.id), status)
        return found

    @strawberry.field(
        description="Pairs of ideas that read alike, best first, from words and meaning "
        "(moderators; compares the newest 3,000 ideas)."
    )
    async def merge_suggestions(
        self, info: Info, limit: int = 20
    ) -> list[Annotated[MergeSuggestion, _MERGES]]:
        found: list[MergeSuggestion] = await resolve_lazy(_MERGES, "MergeSuggestion").of_jam(
            info, int(self.id), limit
        )
        return found

    @strawberry.field(description="The jam's members, in joining order (moderators only).")
    async def members(
        self,
        info: Info,
        search: str | None = None,
        role: JamRoleModel | None = None,
        kind: AccountKindModel | None = None,
        muted: bool | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Annotated[MemberConnection, _MODERATION]:
        found: MemberConnection = await resolve_lazy(_MODERATION, "MemberConnection").load(
            info, int(self.id), search, role, kind, muted, first, after
        )
        return found

    @strawberry.field(description="The jam's ideas across forums, a page at a time.")
    async def ideas(
        self,
        info: Info,
        forum_id: strawberry.ID | None = None,
        sort: idea_queries.IdeaSort = idea_queries.IdeaSort.NEW,
        tag: str | None = None,
        search: str | None = None,
        first: int = idea_queries.PAGE_DEFAULT,
        after: str | None = None,
        label: EditorialLabelModel | None = None,
    ) -> IdeaConnection:
        forum = id_or_none(forum_id)
        if forum_id is not None and forum is None:
            return IdeaConnection.of([], [], has_next_page=False, total_count=0)
        return await idea_connection(
            info,
            idea_queries.IdeaFilter(int(self.id), forum, sort, tag, search, first, after, label),
        )

    @strawberry.field(description="The newest themes of the whole jam; null before the first fit.")
    async def themes(
        self, info: Info
    ) -> Annotated[ThemeSnapshot, _THEME_SNAPSHOT] | None:
        return await _themes(info, int(self.id), None)

    @strawberry.field(
        description="The jam's (or a forum's) theme versions, newest first, with their themes' "
        "sizes: sizes over time, and what changed between two versions."
    )
    async def theme_history(
        self, info: Info, forum_id: strawberry.ID | None = None, first: int = 30
    ) -> list[Annotated[ThemeSnapshotSummary, _THEME_SNAPSHOT]]:
        actor = info.context.require_actor()
        forum = id_or_none(forum_id) if forum_id is not None else None
        if forum_id is not None and forum is None:
            return []
        found = await bad_input(
            theme_history(info.context.rt, actor, int(self.id), forum, first=first)
        )
        summary = resolve_lazy(_THEME_SNAPSHOT, "ThemeSnapshotSummary")
        return [summary.of(s) for s in found]

    @strawberry.field(
        description="The newest network analysis (analysts, administrators and moderators "
        "only; names for administrators, stable pseudonyms for the others)."
    )
    async def connector_analysis(
        self, info: Info
    ) -> Annotated[ConnectorAnalysis, _CONNECTOR_ANALYSIS] | None:
        actor = info.context.require_actor()
        view = await bad_input(connector_analysis_for(info.context.rt, actor, int(self.id)))
        analysis: ConnectorAnalysis | None = (
            resolve_lazy(_CONNECTOR_ANALYSIS, "ConnectorAnalysis").of(view) if view else None
        )
        return analysis

    @strawberry.field(
        description="The newest opinion groups from the jam's votes (null before the first "
        "analysis): sizes, representative ideas, consensus and divisive ideas, the map as "
        "clusters, and the viewer's own group."
    )
    async def opinion_groups(self, info: Info) -> Annotated[OpinionGroups, _OPINIONS] | None:
        actor = info.context.require_actor()
        view = await bad_input(opinion_groups_for(info.context.rt, actor, int(self.id)))
        groups: OpinionGroups | None = (
            resolve_lazy(_OPINIONS, "OpinionGroups").of(view) if view else None
        )
        return groups

    @classmethod
    def of(cls, jam: JamModel) -> Jam:
        return cls(
            id=strawberry.ID(str(jam.id)),
            slug=jam.slug,
            title=jam.title,
            description=jam.description,
            starts_at=jam.starts_at,
            ends_at=jam.ends_at,
            _model=jam,
        )


@strawberry.type
class Comment:
    id: strawberry.ID
    created_at: datetime
    parent_id: strawberry.ID | None
    replies: list[Comment]
    hidden: bool = strawberry.field(
        description="Hidden by a moderator or by flags; the thread keeps its shape."
    )
    _author_id: strawberry.Private[int]
    _model: strawberry.Private[CommentModel]
    _revealed: strawberry.Private[bool] = False

    @strawberry.field(
        description="Empty for a hidden comment, except for its author and the jam's moderators."
    )
    def body(self) -> str:
        return "" if self.hidden and not self._revealed else self._model.body

    @strawberry.field(description="Why it is hidden: for its author and moderators only.")
    def hidden_note(self) -> HiddenNote | None:
        return HiddenNote.of(self._model) if self._revealed else None

    @strawberry.field(
        description="The idea it was written under, when a merge moved it here (provenance)."
    )
    def moved_from_idea_id(self) -> strawberry.ID | None:
        moved = self._model.moved_from_idea_id
        return strawberry.ID(str(moved)) if moved is not None else None

    @strawberry.field(description="Whether the viewer flagged this comment.")
    async def viewer_flagged(self, info: Info) -> bool:
        return await _viewer_flagged(info, ItemKindModel.COMMENT, int(self.id))

    @strawberry.field
    async def author(self, info: Info) -> User:
        return await _user(info, self._author_id)

    @classmethod
    def of(
        cls,
        comment: CommentModel,
        replies: list[Comment] | None = None,
        *,
        moderator: bool = False,
        viewer_id: int | None = None,
    ) -> Comment:
        """``moderator``: the viewer moderates the comment's jam (sees hidden text)."""
        return cls(
            id=strawberry.ID(str(comment.id)),
            created_at=comment.created_at,
            parent_id=strawberry.ID(str(comment.parent_id)) if comment.parent_id else None,
            replies=replies or [],
            hidden=comment.hidden,
            _author_id=comment.author_id,
            _model=comment,
            _revealed=moderator or (viewer_id is not None and viewer_id == comment.author_id),
        )


def _tree(
    nodes: list[idea_queries.CommentNode], moderator: bool, viewer_id: int | None
) -> list[Comment]:
    return [
        Comment.of(
            node.comment,
            _tree(node.replies, moderator, viewer_id),
            moderator=moderator,
            viewer_id=viewer_id,
        )
        for node in nodes
    ]


async def viewer_moderates(info: Info, jam_id: int) -> bool:
    actor = info.context.actor
    if actor is None:
        return False
    return may_moderate(actor, await info.context.loaders.viewer_memberships.load(jam_id))


@strawberry.type
class Idea:
    id: strawberry.ID
    title: str
    body: str
    created_at: datetime
    updated_at: datetime
    upvotes: int
    downvotes: int
    passes: int = strawberry.field(description="\"Seen, no opinion\" votes.")
    comment_count: int
    hidden: bool = strawberry.field(
        description="True only for moderators and the author looking at a hidden idea."
    )
    _model: strawberry.Private[IdeaModel]

    @strawberry.field(description="Why it is hidden: null unless it is (author, moderators).")
    def hidden_note(self) -> HiddenNote | None:
        return HiddenNote.of(self._model)

    @strawberry.field(description="Whether the viewer flagged this idea.")
    async def viewer_flagged(self, info: Info) -> bool:
        return await _viewer_flagged(info, ItemKindModel.IDEA, int(self.id))

    @strawberry.field(description="Editorial labels moderators gave it (Emerging, Best).")
    async def labels(self, info: Info) -> list[EditorialLabelModel]:
        found = await info.context.loaders.labels.load(int(self.id))
        return [EditorialLabelModel(label) for label in found]

    @strawberry.field(description="When a moderator pinned it at the top of its forum.")
    def pinned_at(self) -> datetime | None:
        return self._model.pinned_at

    @strawberry.field(
        description="The idea this one was merged into: links to it lead there (null if not "
        "merged, or if the viewer may not see that idea)."
    )
    async def merged_into(self, info: Info) -> Idea | None:
        if self._model.merged_into_id is None:
            return None
        target = await info.context.loaders.ideas.load(self._model.merged_into_id)
        if target is None or (target.hidden and not await viewer_moderates(info, target.jam_id)):
            return None
        return Idea.of(target)

    @strawberry.field(description="upvotes − downvotes")
    def score(self) -> int:
        return self.upvotes - self.downvotes

    @strawberry.field
    async def tags(self, info: Info) -> list[str]:
        return await info.context.loaders.tags.load(int(self.id))

    @strawberry.field
    async def author(self, info: Info) -> User:
        return await _user(info, self._model.author_id)

    @strawberry.field
    async def forum(self, info: Info) -> Forum:
        forum = await info.context.loaders.forums.load(self._model.forum_id)
        assert forum is not None
        return Forum.of(forum)

    @strawberry.field
    async def jam(self, info: Info) -> Jam:
        jam = await info.context.loaders.jams.load(self._model.jam_id)
        assert jam is not None
        return Jam.of(jam)

    @strawberry.field(description="The viewer's vote on this idea, if any.")
    async def viewer_vote(self, info: Info) -> VoteValueModel | None:
        value = await info.context.loaders.viewer_votes.load(int(self.id))
        return VoteValueModel(value) if value is not None else None

    @strawberry.field(description="Comments as a tree: top-level comments with their replies.")
    async def comments(self, info: Info) -> list[Comment]:
        nodes = await info.context.loaders.comment_trees.load(int(self.id))
        moderator = await viewer_moderates(info, self._model.jam_id)
        actor = info.context.actor
        return _tree(nodes, moderator, actor.user_id if actor else None)

    @classmethod
    def of(cls, idea: IdeaModel) -> Idea:
        return cls(
            id=strawberry.ID(str(idea.id)),
            title=idea.title,
            body=idea.body,
            created_at=idea.created_at,
            updated_at=idea.updated_at,
            upvotes=idea.upvotes,
            downvotes=idea.downvotes,
            passes=idea.passes,
            comment_count=idea.comment_count,
            hidden=idea.hidden,
            _model=idea,
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class IdeaEdge:
    cursor: str
    node: Idea


@strawberry.type
class IdeaConnection:
    edges: list[IdeaEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(
        cls, ideas: list[IdeaModel], cursors: list[str], has_next_page: bool, total_count: int
    ) -> IdeaConnection:
        return cls(
            edges=[
                IdeaEdge(cursor=c, node=Idea.of(i)) for c, i in zip(cursors, ideas, strict=True)
            ],
            page_info=PageInfo(
                has_next_page=has_next_page, end_cursor=cursors[-1] if cursors else None
            ),
            total_count=total_count,
        )

    @strawberry.field
    def nodes(self) -> list[Idea]:
        return [edge.node for edge in self.edges]




async def idea_connection(info: Info, spec: idea_queries.IdeaFilter) -> IdeaConnection:
    actor = info.context.require_actor()
    page = await bad_input(idea_queries.list_ideas(info.context.rt, actor, spec))
    return IdeaConnection.of(page.ideas, page.cursors, page.has_next_page, page.total_count)


@strawberry.type
class Membership:
    role: JamRoleModel
    joined_at: datetime
    _jam_id: strawberry.Private[int]

    @strawberry.field
    async def jam(self, info: Info) -> Jam:
        jam = await info.context.loaders.jams.load(self._jam_id)
        assert jam is not None
        return Jam.of(jam)

    @classmethod
    def of(cls, membership: MembershipModel) -> Membership:
        return cls(
            role=JamRoleModel(membership.role),
            joined_at=membership.joined_at,
            _jam_id=membership.jam_id,
        )


@strawberry.type
class Invitation:
    code: str
    max_uses: int | None
    uses: int
    expires_at: datetime | None
    _jam_id: strawberry.Private[int]

    @strawberry.field
    async def jam(self, info: Info) -> Jam:
        jam = await info.context.loaders.jams.load(self._jam_id)
        assert jam is not None
        return Jam.of(jam)

    @classmethod
    def of(cls, invitation: InvitationModel) -> Invitation:
        return cls(
            code=invitation.code,
            max_uses=invitation.max_uses,
            uses=invitation.uses,
            expires_at=invitation.expires_at,
            _jam_id=invitation.jam_id,
        )
