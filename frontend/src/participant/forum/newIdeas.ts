/** Counting the ideas posted into this forum while someone reads it, so the page can offer
 * "3 new ideas — show" instead of moving the list under their eyes. */

export interface NewIdeas {
  /** Ids of ideas posted here since the list was loaded, oldest first. */
  ids: readonly string[];
}

export const NO_NEW_IDEAS: NewIdeas = { ids: [] };

export type ActivityEvent =
  | { kind: "posted"; ideaId: string; forumId: string }
  | { kind: "hidden"; ideaId: string }
  | { kind: "restored"; ideaId: string; forumId: string }
  /** Merged into another idea: it leaves the lists like a hidden one. */
  | { kind: "merged"; ideaId: string }
  | { kind: "unmerged"; ideaId: string }
  | { kind: "other" };

/** Count an idea once, only if posted into `forumId` and not already on the page; a hidden one
 * no longer counts (nobody would find it after pressing "show"). */
export function countNewIdea(
  state: NewIdeas,
  event: ActivityEvent,
  forumId: string,
  shown: ReadonlySet<string> = new Set(),
): NewIdeas {
  switch (event.kind) {
    case "posted":
      if (event.forumId !== forumId || shown.has(event.ideaId) || state.ids.includes(event.ideaId)) return state;
      return { ids: [...state.ids, event.ideaId] };
    case "hidden":
    case "merged":
      return state.ids.includes(event.ideaId) ? { ids: state.ids.filter((id) => id !== event.ideaId) } : state;
    default:
      return state;
  }
}

type EventIdea = { id: string; forum: { id: string } };

/** A subscription result as an ActivityEvent (only what the counter needs). The events are
 * told apart by their (partly aliased) fields, not `__typename` (absent from graphcache's results). */
export function activityEvent(event: object): ActivityEvent {
  if ("postedIdea" in event && event.postedIdea) {
    const idea = event.postedIdea as EventIdea;
    return { kind: "posted", ideaId: idea.id, forumId: idea.forum.id };
  }
  if ("mergeTarget" in event && "ideaId" in event && typeof event.ideaId === "string") {
    return { kind: "merged", ideaId: event.ideaId };
  }
  if ("unmergedIdea" in event && event.unmergedIdea) {
    return { kind: "unmerged", ideaId: (event.unmergedIdea as { id: string }).id };
  }
  if ("hiddenIdea" in event && "ideaId" in event && typeof event.ideaId === "string") {
    return { kind: "hidden", ideaId: event.ideaId };
  }
  if ("restoredIdea" in event && event.restoredIdea) {
    const idea = event.restoredIdea as EventIdea;
    return { kind: "restored", ideaId: idea.id, forumId: idea.forum.id };
  }
  return { kind: "other" };
}
