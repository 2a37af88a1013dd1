"""Which jams an actor sees."""

from __future__ import annotations

from sqlmodel import select

from jam.access import Actor, may_view
from jam.models import Forum, Jam, Membership
from jam.runtime import Runtime


async def visible_jams(rt: Runtime, actor: Actor) -> list[Jam]:
    """Newest first. Guests see only the jams they were invited to."""
    async with rt.db.read() as session:
        query = select(Jam).order_by(Jam.starts_at.desc(), Jam.id.desc())  # type: ignore[attr-defined, union-attr]
        if actor.is_guest and not actor.is_admin:
            query = query.join(Membership, Membership.jam_id == Jam.id).where(  # type: ignore[arg-type]
                Membership.user_id == actor.user_id
            )
        return list((await session.execute(query)).scalars())


async def jam_by_slug(rt: Runtime, actor: Actor, slug: str) -> Jam | None:
    async with rt.db.read() as session:
        jam = (await session.execute(select(Jam).where(Jam.slug == slug))).scalar_one_or_none()
        if jam is None:
            return None
        membership = (
            await session.execute(
                select(Membership).where(
                    Membership.jam_id == jam.id, Membership.user_id == actor.user_id
                )
            )
        ).scalar_one_or_none()
    return jam if may_view(actor, membership) else None


async def forums_of(rt: Runtime, jam_id: int) -> list[Forum]:
    async with rt.db.read() as session:
        result = await session.execute(
            select(Forum).where(Forum.jam_id == jam_id).order_by(Forum.position, Forum.id)  # type: ignore[arg-type]
        )
        return list(result.scalars())
