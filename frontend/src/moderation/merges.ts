/** Merges of ideas that read alike, the pure parts: how alike two ideas are (as a percentage),
 * which way a proposal goes (and swapping it), which actions a proposal offers given its
 * status and the author's deadline, and the statuses' labels. */
import type { I18n, MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";

import type { MergeStatus } from "../gql/graphql";

/** The note for the author (the API's limit). */
export const MERGE_NOTE_MAX = 1000;

/** How many suggestions to ask for. */
export const SUGGESTION_LIMIT = 20;

/** A similarity score (0–1) as a whole percentage in the locale: "84%", "84 %". */
export function formatScore(locale: string, score: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(score) ? score : 0));
  // Never round a near-match up to a perfect one.
  const shown = clamped < 1 ? Math.min(Math.round(clamped * 100), 99) / 100 : 1;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(shown);
}

/** Which idea goes away (the source, merged into the target) and which is kept. */
export interface MergeDirection<Idea> {
  source: Idea;
  target: Idea;
}

/** The same pair the other way round: keep the other idea. */
export function swapDirection<Idea>(direction: MergeDirection<Idea>): MergeDirection<Idea> {
  return { source: direction.target, target: direction.source };
}

export type MergeAction = "withdraw" | "mergeNow" | "drop" | "undo";

export interface MergeLike {
  status: MergeStatus;
  deadline: string;
}

/** Whether the author's time to answer is over (only a waiting proposal has a deadline that
 * matters). */
export function deadlinePassed(merge: MergeLike, now: number = Date.now()): boolean {
  return merge.status === "PENDING" && new Date(merge.deadline).getTime() <= now;
}

/** What a moderator may do with a proposal now: withdraw it while the author may still
 * answer; merge or drop it once their deadline passed unanswered; undo it once merged. */
export function mergeActions(merge: MergeLike, now: number = Date.now()): MergeAction[] {
  switch (merge.status) {
    case "PENDING":
      return deadlinePassed(merge, now) ? ["mergeNow", "drop"] : ["withdraw"];
    case "MERGED":
      return ["undo"];
    default:
      return [];
  }
}

export const MERGE_STATUSES: readonly MergeStatus[] = ["PENDING", "MERGED", "DECLINED", "CANCELLED", "UNMERGED"];

const STATUS_LABELS: Record<MergeStatus, MessageDescriptor> = {
  PENDING: msg`Waiting for the author`,
  DECLINED: msg`Declined by the author`,
  CANCELLED: msg`Withdrawn`,
  MERGED: msg`Merged`,
  UNMERGED: msg`Merge undone`,
};

export function statusLabel(i18n: I18n, status: MergeStatus): string {
  return i18n._(STATUS_LABELS[status]);
}

/** The moderator's note as it will be sent: trimmed, null when empty. */
export function cleanNote(note: string): string | null {
  const trimmed = note.trim();
  return trimmed === "" ? null : trimmed;
}

export type MergeConflict = "waiting" | "deadline" | "merged" | "mergedAway" | "notWaiting" | "notMerged";

/** What was being done when a merge refusal came back. */
export type RefusedWhile = "propose" | "decide" | "undo";

/** Which refusal this is, from its code (and field): null for one this UI does not know. */
export function mergeConflict(
  refusal: { code: string; field?: string | null },
  action: RefusedWhile,
): MergeConflict | null {
  switch (refusal.code) {
    case "MERGE_PENDING":
      return "waiting";
    case "AWAITING_AUTHOR":
      return "deadline";
    case "ALREADY_MERGED":
      return refusal.field === "sourceId" ? "merged" : "mergedAway";
    case "CONFLICT":
      return action === "undo" ? "notMerged" : "notWaiting";
    default:
      return null;
  }
}

/** The same key for a pair of ideas either way round (a suggestion, once proposed, leaves
 * the list). */
export function pairKey(first: string, second: string): string {
  return [first, second].sort().join("+");
}
