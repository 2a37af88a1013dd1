"""Theme writes: storing snapshots, placing new ideas, and moderators' edits.

Fitting is CPU work done outside transactions (see ``jam.themes``); these actions only store
results, so a write transaction never waits on a fit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor, require_moderator
from jam.actions.records import audit
from jam.analysis.snapshots import FittedThemes, decode_shown, encode_changes, encode_shown
from jam.analysis.themes import PlacerCache, ThemeView, derive, idea_text
from jam.db import batches
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import Forum, Idea, IdeaTheme, ThemeEdit, ThemeSnapshot
from jam.queries.themes import edit_spec, edits_for, latest_snapshot
from jam.runtime import Runtime

KEEP_SNAPSHOTS = 10


async def store_theme_snapshot(
    rt: Runtime,
    jam_id: int,
    forum_id: int | None,
    *,
    model: dict[str, Any],
    idea_ids: list[int],
    view: ThemeView,
    reason: str,
    fitted_at: datetime,
    requested_by: int | None = None,
    edit: ThemeEdit | None = None,
) -> ThemeSnapshot:
    """Store a new version of a scope's themes (and, for an edit, the edit itself, in the same
    transaction). Older versions beyond ``KEEP_SNAPSHOTS`` are deleted."""

    async def work(session: AsyncSession) -> ThemeSnapshot:
        previous = await latest_snapshot(session, jam_id, forum_id)
        if edit is not None:
            session.add(edit)
        snapshot = ThemeSnapshot(
            jam_id=jam_id,
            forum_id=forum_id,
            version=(previous.version + 1) if previous else 1,
            reason=reason,
            requested_by=requested_by,
            idea_count=len(idea_ids),
            fitted_at=fitted_at,
            model=FittedThemes(model, idea_ids, view.placement()).encode(),
            themes=encode_shown(view.themes),
            changes=encode_changes(model.get("changes", [])),
        )
        session.add(snapshot)
        await session.flush()
        assert snapshot.id is not None
        rows = [
            {
                "snapshot_id": snapshot.id,
                "idea_id": idea_id,
                "theme_id": view.theme_of.get(idea_id),
                "x": view.points.get(idea_id, (0.0, 0.0))[0],
                "y": view.points.get(idea_id, (0.0, 0.0))[1],
            }
            for idea_id in idea_ids
        ]
        for batch in batches(rows):
            await session.execute(insert(IdeaTheme), batch)
        old = await session.execute(
            select(ThemeSnapshot.id)
            .where(
                ThemeSnapshot.jam_id == jam_id,
                col(ThemeSnapshot.forum_id).is_(None)
                if forum_id is None
                else ThemeSnapshot.forum_id == forum_id,
            )
            .order_by(col(ThemeSnapshot.version).desc())
            .offset(KEEP_SNAPSHOTS)
        )
        stale = [row for row in old.scalars()]
        if stale:
            await session.execute(delete(IdeaTheme).where(col(IdeaTheme.snapshot_id).in_(stale)))
            await session.execute(delete(ThemeSnapshot).where(col(ThemeSnapshot.id).in_(stale)))
        await audit(
            session,
            actor_id=requested_by,
            action="themes.snapshot",
            subject_type="theme_snapshot",
            subject_id=snapshot.id,
            jam_id=jam_id,
            reason=reason,
            forum=forum_id,
            themes=len(view.themes),
        )
        await record_event(
            session,
            EventKind.THEMES_UPDATED,
            jam_id=jam_id,
            subject_id=snapshot.id,
            actor_id=requested_by,
            forum=forum_id,
            version=snapshot.version,
        )
        return snapshot

    return await rt.db.write(work)


def _placement_of(snapshot: ThemeSnapshot) -> Callable[[], tuple[dict[str, Any], dict[str, Any]]]:
    def load() -> tuple[dict[str, Any], dict[str, Any]]:
        fitted = FittedThemes.decode(snapshot.model)
        return fitted.model, fitted.placement

    return load


async def place_idea(rt: Runtime, idea_id: int, placers: PlacerCache) -> list[int | None]:
    """Put a new idea into the current themes of its jam and of its forum at once (no refit).
    Returns the theme placed in, per snapshot; ideas already placed are left alone."""
    async with rt.db.read() as session:
        idea = await session.get(Idea, idea_id)
        if idea is None or idea.hidden:
            return []
        snapshots = [
            s
            for s in [
                await latest_snapshot(session, idea.jam_id, None),
                await latest_snapshot(session, idea.jam_id, idea.forum_id),
            ]
            if s is not None
        ]
    if not snapshots:
        return []
    text = idea_text(idea.title, idea.body)
    placed = [placers.get(s.id or 0, _placement_of(s)).place([text])[0] for s in snapshots]

    async def work(session: AsyncSession) -> None:
        for snapshot, theme_id in zip(snapshots, placed, strict=True):
            assert snapshot.id is not None
            exists = await session.get(IdeaTheme, (snapshot.id, idea_id))
            if exists is None:
                session.add(IdeaTheme(snapshot_id=snapshot.id, idea_id=idea_id, theme_id=theme_id))

    await rt.db.write(work)
    return placed


async def _texts_of(session: AsyncSession, idea_ids: list[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for chunk in batches(idea_ids):
        rows = await session.execute(
            select(Idea.id, Idea.title, Idea.body).where(col(Idea.id).in_(chunk))
        )
        texts.update({i: idea_text(t, b) for i, t, b in rows.all()})
    return texts


async def _edit_themes(
    rt: Runtime, actor: Actor, jam_id: int, forum_id: int | None, new: ThemeEdit
) -> ThemeSnapshot:
    """Apply a moderator's edit: re-derive the shown themes from the latest fitted model with
    every edit so far plus this one, and store edit and snapshot together."""
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        if forum_id is not None:
            forum = await session.get(Forum, forum_id)
            if forum is None or forum.jam_id != jam_id:
                raise ActionError(ErrorCode.NOT_FOUND, "no such forum in this jam", "forumId")
        latest = await latest_snapshot(session, jam_id, forum_id)
        if latest is None:
            raise ActionError(ErrorCode.NOT_FOUND, "this jam has no themes yet", "themeId")
        shown = {t.id for t in decode_shown(latest.themes)}
        for field, theme_id in (("themeId", new.theme_id), ("otherThemeId", new.other_theme_id)):
            if theme_id is not None and new.kind != "split" and theme_id not in shown:
                raise ActionError(ErrorCode.NOT_FOUND, "no such theme", field)
        if new.kind == "split" and new.theme_id not in shown:
            raise ActionError(ErrorCode.NOT_FOUND, "no such theme", "themeId")
        if new.kind == "merge" and new.theme_id == new.other_theme_id:
            raise validation.invalid("otherThemeId", "a theme cannot be merged into itself")
        edits = await edits_for(session, jam_id, forum_id)
        stored = FittedThemes.decode(latest.model)
        # Only a split re-clusters texts; renames and merges work on the stored assignments.
        if new.kind == "split" or any(e.kind == "split" for e in edits):
            texts = await _texts_of(session, stored.idea_ids)
        else:
            texts = dict.fromkeys(stored.idea_ids, "")
    idea_ids = [i for i in stored.idea_ids if i in texts]
    if new.kind == "split":
        taken = {t.id for t in decode_shown(latest.themes)} | {
            e.other_theme_id or 0 for e in edits
        }
        new.other_theme_id = max([stored.model["next_id"], *taken]) + 1
    view = await asyncio.to_thread(
        derive,
        stored.model,
        idea_ids,
        [texts[i] for i in idea_ids],
        [*map(edit_spec, edits), edit_spec(new)],
    )
    if new.kind == "split" and new.other_theme_id not in {t.id for t in view.themes}:
        raise validation.invalid("themeId", "this theme is too small or too uniform to split")
    snapshot = await store_theme_snapshot(
        rt,
        jam_id,
        forum_id,
        model=stored.model,
        idea_ids=idea_ids,
        view=view,
        reason=f"edit:{new.kind}",
        fitted_at=latest.fitted_at,
        requested_by=actor.user_id,
        edit=new,
    )
    return snapshot


async def rename_theme(
    rt: Runtime, actor: Actor, jam_id: int, theme_id: int, label: str, forum_id: int | None = None
) -> ThemeSnapshot:
    """Moderators give a theme a better name; it keeps it through later refits."""
    validation.text(label, "label", max_length=validation.TITLE_MAX)
    edit = ThemeEdit(
        jam_id=jam_id,
        forum_id=forum_id,
        kind="rename",
        theme_id=theme_id,
        label=label,
        created_by=actor.user_id,
    )
    return await _edit_themes(rt, actor, jam_id, forum_id, edit)


async def merge_themes(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    theme_id: int,
    other_theme_id: int,
    forum_id: int | None = None,
) -> ThemeSnapshot:
    """Moderators fold ``other_theme_id`` into ``theme_id``."""
    edit = ThemeEdit(
        jam_id=jam_id,
        forum_id=forum_id,
        kind="merge",
        theme_id=theme_id,
        other_theme_id=other_theme_id,
        created_by=actor.user_id,
    )
    return await _edit_themes(rt, actor, jam_id, forum_id, edit)


async def split_theme(
    rt: Runtime, actor: Actor, jam_id: int, theme_id: int, forum_id: int | None = None
) -> ThemeSnapshot:
    """Moderators split a theme in two; the new part gets an id of its own that it keeps."""
    edit = ThemeEdit(
        jam_id=jam_id, forum_id=forum_id, kind="split", theme_id=theme_id, created_by=actor.user_id
    )
    return await _edit_themes(rt, actor, jam_id, forum_id, edit)
