/** What the idea page shows of moderation, as pure decisions: whether a Flag button shows,
 * what a flag's note must be, and how a (possibly hidden) comment is shown to this viewer. */
import type { FlagReason } from "../../gql/graphql";

/** NOTE_MAX in jam/actions/moderation.py. */
export const FLAG_NOTE_MAX = 500;

export const FLAG_REASONS: readonly FlagReason[] = ["SPAM", "OFFENSIVE", "OFF_TOPIC", "DUPLICATE", "OTHER"];

export type FlagControl =
  /** A "Flag" button (disabled while `disabled`). */
  | { show: "button"; disabled: boolean }
  /** "You flagged this". */
  | { show: "flagged" }
  /** Nothing: the viewer's own item, or nobody signed in. */
  | { show: "none" };

export interface FlagContext {
  authorId: string;
  viewerId: string | undefined;
  viewerFlagged: boolean;
  /** The jam takes part (live) and the viewer is not muted. */
  canAct: boolean;
}

export function flagControl({ authorId, viewerId, viewerFlagged, canAct }: FlagContext): FlagControl {
  if (viewerId === undefined || authorId === viewerId) return { show: "none" };
  if (viewerFlagged) return { show: "flagged" };
  return { show: "button", disabled: !canAct };
}

export type NoteProblem = "REQUIRED" | "TOO_LONG" | null;

/** "Other" needs a note; no note is longer than FLAG_NOTE_MAX. */
export function flagNoteProblem(reason: FlagReason | null, note: string): NoteProblem {
  if (note.length > FLAG_NOTE_MAX) return "TOO_LONG";
  if (reason === "OTHER" && note.trim() === "") return "REQUIRED";
  return null;
}

export interface HiddenNoteLike {
  reason?: string | null;
  automatic: boolean;
}

export interface ModeratedComment {
  hidden: boolean;
  body: string;
  author: { id: string };
  hiddenNote?: HiddenNoteLike | null;
}

export type CommentDisplay =
  /** Shown as usual. */
  | { kind: "visible" }
  /** "Hidden by a moderator" in its place; no body. */
  | { kind: "placeholder" }
  /** Hidden, but this viewer (its author, or a moderator) still reads it, with a notice. */
  | { kind: "hiddenWithBody"; asModerator: boolean; note: HiddenNoteLike | null };

export function commentDisplay(comment: ModeratedComment, viewerId: string | undefined, moderator: boolean): CommentDisplay {
  if (!comment.hidden) return { kind: "visible" };
  const note = comment.hiddenNote ?? null;
  if (moderator) return { kind: "hiddenWithBody", asModerator: true, note };
  if (viewerId !== undefined && comment.author.id === viewerId && note !== null) {
    return { kind: "hiddenWithBody", asModerator: false, note };
  }
  return { kind: "placeholder" };
}
