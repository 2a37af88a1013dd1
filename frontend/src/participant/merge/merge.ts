/** A merge request as its page shows it: who is looking (the source idea's author answers;
 * moderators read), what can be done now, and how the deadline reads. */
import type { MergeStatus } from "../../gql/graphql";

/** The server's limit for the author's note (jam/actions/merges.py NOTE_MAX). */
export const ANSWER_NOTE_MAX = 1000;

export interface MergeLike {
  status: MergeStatus;
  deadline: string;
  source?: { author: { id: string } } | null;
}

export type MergeStage =
  /** The author may accept or decline. */
  | "answer"
  /** Pending, but the viewer is not the author (a moderator): nothing to answer. */
  | "waiting"
  | "merged"
  | "declined"
  | "cancelled"
  | "unmerged";

export function mergeStage(merge: MergeLike, viewerId: string | undefined): MergeStage {
  switch (merge.status) {
    case "PENDING":
      return viewerId !== undefined && merge.source?.author.id === viewerId ? "answer" : "waiting";
    case "MERGED":
      return "merged";
    case "DECLINED":
      return "declined";
    case "CANCELLED":
      return "cancelled";
    case "UNMERGED":
      return "unmerged";
  }
}

/** Whether only the author may still decide (before the deadline). */
export function beforeDeadline(merge: Pick<MergeLike, "deadline">, now: number = Date.now()): boolean {
  const deadline = new Date(merge.deadline).getTime();
  return Number.isNaN(deadline) || now < deadline;
}

export function mergePath(slug: string, mergeId: string): string {
  return `/jams/${encodeURIComponent(slug)}/merges/${encodeURIComponent(mergeId)}`;
}
