"""Batch loads for the API: one query per kind of thing per request, whatever the page size.

Each batch opens its own short session, so concurrent resolvers never share one.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import col, select
from strawberry.dataloader import DataLoader

from jam.access import idea_is_public
from jam.models import (
    Announcement,
    Comment,
    Flag,
    Forum,
    Idea,
    IdeaLabel,
    IdeaMerge,
    IdeaTag,
    Jam,
    Membership,
    Mute,
    User,
    Vote,
)
from jam.queries.ideas import CommentNode, comment_trees
from jam.queries.moderation import viewer_mutes
from jam.runtime import Runtime

K = TypeVar("K")
V = TypeVar("V")


class SharedLoader(DataLoader[K, V]):
    """A DataLoader whose results survive a cancelled caller.

    Callers asking for the same key share one cached future. graphql-core cancels the pending
    fields of a branch that failed (e.g. a sibling with a bad argument), and awaiting a future
    from a cancelled task cancels the future itself: every other branch waiting on that key
    would get a CancelledError and the request would end in an HTTP 500. Each caller therefore
    awaits its own shielded view of the shared future; the batch always completes."""

    def load(self, key: K) -> Awaitable[V]:
        shared = super().load(key)
        return asyncio.shield(shared)

    def load_many(self, keys: Iterable[K]) -> Awaitable[list[V]]:
        return asyncio.gather(*(self.load(key) for key in keys))


def _by_id(rt: Runtime, model: Any) -> Callable[[list[int]], Awaitable[list[Any]]]:
    async def load(ids: list[int]) -> list[Any]:
        async with rt.db.read() as session:
            rows = await session.execute(select(model).where(model.id.in_(ids)))
            found = {row.id: row for row in rows.scalars()}
        return [found.get(i) for i in ids]

    return load


@dataclass
class Loaders:
    users: DataLoader[int, User | None]
    forums: DataLoader[int, Forum | None]
    jams: DataLoader[int, Jam | None]
    ideas: DataLoader[int, Idea | None]
    comments: DataLoader[int, Comment | None]
    comment_trees: DataLoader[int, list[CommentNode]]
    tags: DataLoader[int, list[str]]
    viewer_votes: DataLoader[int, int | None]
    viewer_memberships: DataLoader[int, Membership | None]
    moderators: DataLoader[int, list[User]]
    forum_idea_counts: DataLoader[int, int]
    labels: DataLoader[int, list[str]]
    merges: DataLoader[int, IdeaMerge | None]
    announcements: DataLoader[int, Announcement | None]
    viewer_flags: DataLoader[tuple[str, int], bool]
    viewer_mutes: DataLoader[int, Mute | None]


def _grouped(keys: Sequence[K], pairs: Sequence[tuple[K, V]]) -> list[list[V]]:
    groups: dict[K, list[V]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return [groups.get(key, []) for key in keys]


def make_loaders(
    rt: Runtime, viewer_id: int | None, shared: dict[str, Any] | None = None
) -> Loaders:
    """Fresh loaders for one request (or one subscription event: cached values go stale).

    ``shared`` holds the loaders of what looks the same to every viewer (ideas, people, forums,
    tags ...) for all the subscribers of one live event: delivering an idea to 2,000 listeners
    reads it once. The viewer's own votes and memberships are always loaded per viewer."""
    pool: dict[str, Any] = {} if shared is None else shared

    def common(name: str, load: Callable[[list[int]], Awaitable[list[Any]]]) -> Any:
        if name not in pool:
            pool[name] = SharedLoader(load)
        return pool[name]

    async def load_tags(idea_ids: list[int]) -> list[list[str]]:
        async with rt.db.read() as session:
            rows = await session.execute(
                select(IdeaTag.idea_id, IdeaTag.tag)
                .where(IdeaTag.idea_id.in_(idea_ids))  # type: ignore[attr-defined]
                .order_by(IdeaTag.idea_id, IdeaTag.tag)  # type: ignore[arg-type]
            )
            return _grouped(idea_ids, [(i, t) for i, t in rows.all()])

    async def load_viewer_votes(idea_ids: list[int]) -> list[int | None]:
        if viewer_id is None:
            return [None for _ in idea_ids]
        async with rt.db.read() as session:
            rows = await session.execute(
                select(Vote.idea_id, Vote.value).where(
                    Vote.user_id == viewer_id,
                    Vote.idea_id.in_(idea_ids),  # type: ignore[attr-defined]
                )
            )
            found = dict(rows.all())
        return [found.get(i) for i in idea_ids]

    async def load_memberships(jam_ids: list[int]) -> list[Membership | None]:
        if viewer_id is None:
            return [None for _ in jam_ids]
        async with rt.db.read() as session:
            rows = await session.execute(
                select(Membership).where(
                    Membership.user_id == viewer_id,
                    Membership.jam_id.in_(jam_ids),  # type: ignore[attr-defined]
                )
            )
            found = {m.jam_id: m for m in rows.scalars()}
        return [found.get(i) for i in jam_ids]

    async def load_moderators(jam_ids: list[int]) -> list[list[User]]:
        async with rt.db.read() as session:
            rows = await session.execute(
                select(Membership.jam_id, User)
                .join(User, User.id == Membership.user_id)  # type: ignore[arg-type]
                .where(Membership.jam_id.in_(jam_ids), Membership.role == "moderator")  # type: ignore[attr-defined]
                .order_by(User.display_name)
            )
            return _grouped(jam_ids, [(jam_id, user) for jam_id, user in rows.all()])

    async def load_forum_counts(forum_ids: list[int]) -> list[int]:
        async with rt.db.read() as session:
            rows = await session.execute(
                select(Idea.forum_id, func.count())
                .where(col(Idea.forum_id).in_(forum_ids), idea_is_public())
                .group_by(col(Idea.forum_id))
            )
            found = dict(rows.all())
        return [int(found.get(i, 0)) for i in forum_ids]

    async def load_labels(idea_ids: list[int]) -> list[list[str]]:
        async with rt.db.read() as session:
            rows = await session.execute(
                select(IdeaLabel.idea_id, IdeaLabel.label)
                .where(col(IdeaLabel.idea_id).in_(idea_ids))
                .order_by(col(IdeaLabel.idea_id), col(IdeaLabel.label))
            )
            return _grouped(idea_ids, [(i, label) for i, label in rows.all()])

    async def load_viewer_flags(keys: list[tuple[str, int]]) -> list[bool]:
        if viewer_id is None:
            return [False for _ in keys]
        flagged: set[tuple[str, int]] = set()
        async with rt.db.read() as session:
            for kind in {kind for kind, _ in keys}:
                ids = [item_id for k, item_id in keys if k == kind]
                rows = await session.execute(
                    select(Flag.item_id).where(
                        Flag.user_id == viewer_id,
                        Flag.item_kind == kind,
                        col(Flag.item_id).in_(ids),
                    )
                )
                flagged.update((kind, item_id) for item_id in rows.scalars())
        return [key in flagged for key in keys]

    async def load_viewer_mutes(jam_ids: list[int]) -> list[Mute | None]:
        if viewer_id is None:
            return [None for _ in jam_ids]
        return await viewer_mutes(rt, viewer_id, jam_ids)

    return Loaders(
        users=common("users", _by_id(rt, User)),
        forums=common("forums", _by_id(rt, Forum)),
        jams=common("jams", _by_id(rt, Jam)),
        ideas=common("ideas", _by_id(rt, Idea)),
        comments=common("comments", _by_id(rt, Comment)),
        comment_trees=common("comment_trees", lambda ids: comment_trees(rt, ids)),
        tags=common("tags", load_tags),
        viewer_votes=SharedLoader(load_viewer_votes),
        viewer_memberships=SharedLoader(load_memberships),
        moderators=common("moderators", load_moderators),
        forum_idea_counts=common("forum_idea_counts", load_forum_counts),
        labels=common("labels", load_labels),
        merges=common("merges", _by_id(rt, IdeaMerge)),
        announcements=common("announcements", _by_id(rt, Announcement)),
        viewer_flags=SharedLoader(load_viewer_flags),
        viewer_mutes=SharedLoader(load_viewer_mutes),
    )
