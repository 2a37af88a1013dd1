"""Reading connector analyses: only analysts, administrators and the jam's moderators, and
names only for administrators; everyone else allowed sees stable pseudonyms, evidence without
idea or comment ids and coarsened org units, countries and guest status (what a pseudonymous
view keeps from naming anyone: ``jam.analysis.connectors``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from clustering.network import Comment, Idea, Participant, Vote
from jam.access import (
    Actor,
    idea_is_public,
    may_analyse,
    may_moderate,
    membership_of,
    require_viewable_jam,
)
from jam.analysis.connectors import JamInteractions, person_ids, present
from jam.analysis.snapshots import ConnectorResult, decode_shown
from jam.errors import ActionError, ErrorCode
from jam.models import Comment as CommentRow
from jam.models import ConnectorSnapshot, IdeaTheme, Membership, User
from jam.models import Idea as IdeaRow
from jam.models import Vote as VoteRow
from jam.queries.snapshots import newest_snapshot
from jam.queries.themes import latest_snapshot
from jam.runtime import Runtime


@dataclass
class ConnectorAnalysisView:
    snapshot_id: int
    created_at: datetime
    reason: str
    pseudonymous: bool
    result: dict[str, Any]


def may_see_names(actor: Actor) -> bool:
    return actor.is_admin


async def connector_analysis_for(
    rt: Runtime, actor: Actor, jam_id: int
) -> ConnectorAnalysisView | None:
    """The newest analysis of a jam (None before the first). FORBIDDEN for participants and
    guests."""
    async with rt.db.read() as session:
        await require_viewable_jam(session, actor, jam_id)
        membership = await membership_of(session, jam_id, actor.user_id)
        if not may_analyse(actor, may_moderate(actor, membership)):
            raise ActionError(
                ErrorCode.FORBIDDEN, "network analyses are for analysts and moderators"
            )
        snapshot = await newest_snapshot(session, ConnectorSnapshot, jam_id)
        if snapshot is None or snapshot.id is None:
            return None
        stored = ConnectorResult.decode(snapshot.result).to_dict()
        names: dict[int, str] | None = None
        if may_see_names(actor):
            ids = person_ids(stored)
            rows = await session.execute(
                select(User.id, User.display_name).where(col(User.id).in_(ids))
            )
            names = {int(i): n for i, n in rows.all()}
    return ConnectorAnalysisView(
        snapshot_id=snapshot.id,
        created_at=snapshot.created_at,
        reason=snapshot.reason,
        pseudonymous=names is None,
        result=present(stored, names, snapshot.salt),
    )


async def jam_interactions(rt: Runtime, jam_id: int) -> JamInteractions:
    """Members, visible ideas (with their current theme), comments and votes of a jam."""
    async with rt.db.read() as session:
        members = (
            await session.execute(
                select(User)
                .join(Membership, col(Membership.user_id) == User.id)
                .where(Membership.jam_id == jam_id)
            )
        ).scalars()
        ideas = list(
            (
                await session.execute(
                    select(IdeaRow.id, IdeaRow.author_id).where(
                        IdeaRow.jam_id == jam_id, idea_is_public()
                    )
                )
            ).all()
        )
        idea_ids = [i for i, _ in ideas]
        comments = list(
            (
                await session.execute(
                    select(
                        CommentRow.id,
                        CommentRow.idea_id,
                        CommentRow.author_id,
                        CommentRow.parent_id,
                    )
                    .join(IdeaRow, col(IdeaRow.id) == CommentRow.idea_id)
                    .where(IdeaRow.jam_id == jam_id, idea_is_public())
                    .order_by(col(CommentRow.id))
                )
            ).all()
        )
        votes = list(
            (
                await session.execute(
                    select(VoteRow.idea_id, VoteRow.user_id, VoteRow.value)
                    .join(IdeaRow, col(IdeaRow.id) == VoteRow.idea_id)
                    .where(IdeaRow.jam_id == jam_id, idea_is_public())
                )
            ).all()
        )
        snapshot = await latest_snapshot(session, jam_id, None)
        theme_of: dict[int, int | None] = {}
        labels: dict[int, str] = {}
        if snapshot is not None:
            rows = await session.execute(
                select(IdeaTheme.idea_id, IdeaTheme.theme_id).where(
                    IdeaTheme.snapshot_id == snapshot.id
                )
            )
            theme_of = dict(rows.all())
            labels = {t.id: t.label for t in decode_shown(snapshot.themes)}
        people = {
            u.id: Participant(
                u.id, "", org_unit=u.org_unit, country=u.country, is_guest=u.kind == "guest"
            )
            for u in members
        }
        # Authors and voters who left the jam still count as people of it.
        known = set(people)
        missing = {a for _, a in ideas} | {c[2] for c in comments} | {v[1] for v in votes}
        for user in (
            await session.execute(select(User).where(col(User.id).in_(missing - known)))
        ).scalars():
            people[user.id] = Participant(
                user.id,
                "",
                org_unit=user.org_unit,
                country=user.country,
                is_guest=user.kind == "guest",
            )
    used_themes = {theme_of.get(i) for i in idea_ids}
    return JamInteractions(
        participants=list(people.values()),
        ideas=[Idea(i, author_id=a, theme_id=theme_of.get(i)) for i, a in ideas],
        comments=[Comment(c, idea_id=i, author_id=a, parent_id=p) for c, i, a, p in comments],
        votes=[Vote(i, voter_id=u, value=float(v)) for i, u, v in votes],
        theme_labels={k: v for k, v in labels.items() if k in used_themes},
    )
