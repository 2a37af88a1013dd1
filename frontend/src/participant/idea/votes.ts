/** The arithmetic of a vote, shared by the optimistic result (what the page shows before the
 * server answers) and its tests: one vote per person per idea, voting again changes it,
 * pressing the active vote takes it back. A pass ("no opinion") is a vote of its own, counted
 * apart and never in the score. */
import type { VoteValue } from "../../gql/graphql";

export type Vote = VoteValue | null;

export interface VoteCounts {
  upvotes: number;
  downvotes: number;
  passes: number;
  viewerVote: Vote;
}

export interface VoteOutcome extends VoteCounts {
  score: number;
}

/** What pressing `pressed` does to the viewer's vote: the active one retracts (null), the
 * other one replaces it. */
export function nextVote(current: Vote, pressed: VoteValue): Vote {
  return current === pressed ? null : pressed;
}

/** The counts once the viewer's vote goes from `current.viewerVote` to `next`. */
export function applyVote(current: VoteCounts, next: Vote): VoteOutcome {
  let { upvotes, downvotes, passes } = current;
  if (current.viewerVote === "UP") upvotes -= 1;
  if (current.viewerVote === "DOWN") downvotes -= 1;
  if (current.viewerVote === "PASS") passes -= 1;
  if (next === "UP") upvotes += 1;
  if (next === "DOWN") downvotes += 1;
  if (next === "PASS") passes += 1;
  // A count read from a stale cache must never show below zero.
  upvotes = Math.max(0, upvotes);
  downvotes = Math.max(0, downvotes);
  passes = Math.max(0, passes);
  return { upvotes, downvotes, passes, score: upvotes - downvotes, viewerVote: next };
}
