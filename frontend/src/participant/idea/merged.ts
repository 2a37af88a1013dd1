/** Merged ideas on the idea page: an idea opened after it was merged sends the reader to the
 * idea it joined (replacing the history entry), which then says where they came from; one
 * merged while it is open stays, with a notice linking to the target. */

export interface MergedFrom {
  /** The title of the idea the reader opened. */
  sourceTitle: string;
}

/** The state the redirect leaves in the history entry (read back defensively: it survives
 * reloads and could be anything). */
export function mergedFromState(state: unknown): MergedFrom | null {
  if (!state || typeof state !== "object" || !("mergedFrom" in state)) return null;
  const from = state.mergedFrom;
  if (!from || typeof from !== "object" || !("sourceTitle" in from) || typeof from.sourceTitle !== "string") return null;
  return { sourceTitle: from.sourceTitle };
}

export function ideaPath(slug: string, ideaId: string): string {
  return `/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(ideaId)}`;
}

interface MergeableIdea {
  id: string;
  title: string;
  mergedInto?: { id: string; title: string } | null;
}

export type MergeView =
  | { kind: "none" }
  /** Opened after the merge: go to the target. */
  | { kind: "redirect"; to: string; state: { mergedFrom: MergedFrom } }
  /** Merged while open: say so, with a link. */
  | { kind: "notice"; to: string; title: string };

/** What the page does about a merge, given whether the idea was already merged when the page
 * first had fresh data for it. */
export function mergeView(slug: string, idea: MergeableIdea, mergedWhenOpened: boolean): MergeView {
  const target = idea.mergedInto;
  if (!target || target.id === idea.id) return { kind: "none" };
  const to = ideaPath(slug, target.id);
  return mergedWhenOpened
    ? { kind: "redirect", to, state: { mergedFrom: { sourceTitle: idea.title } } }
    : { kind: "notice", to, title: target.title };
}
