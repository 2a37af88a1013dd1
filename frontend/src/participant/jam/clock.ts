/** A jam's clock as arithmetic, apart from its wording: which phase the jam is in now (it
 * opens at `startsAt` and closes at `endsAt` by itself, so the phase the server sent can be
 * stale by the time it is read), how long is left, and when the next change is due. */
import type { JamPhase } from "../../gql/graphql";

export interface JamTimes {
  phase: JamPhase;
  startsAt: string;
  endsAt: string;
}

export type ClockReading =
  /** Not open yet: `remaining` ms until `at` (startsAt). */
  | { phase: "SCHEDULED"; remaining: number; at: string }
  /** Open: `remaining` ms until `at` (endsAt). */
  | { phase: "LIVE"; remaining: number; at: string }
  /** Over since `at` (endsAt, or the moment a moderator closed it). */
  | { phase: "CLOSED"; at: string };

/** The phase as of `now`. The server's word stands except where the clock has passed a
 * boundary since (scheduled → live at startsAt, live → closed at endsAt); a CLOSED jam stays
 * closed (a moderator may have closed it early), a LIVE one is never sent back to SCHEDULED. */
export function phaseAt(jam: JamTimes, now: number): JamPhase {
  const starts = Date.parse(jam.startsAt);
  const ends = Date.parse(jam.endsAt);
  if (jam.phase === "CLOSED") return "CLOSED";
  if (now >= ends) return "CLOSED";
  if (jam.phase === "SCHEDULED" && now < starts) return "SCHEDULED";
  return "LIVE";
}

export function readClock(jam: JamTimes, now: number): ClockReading {
  const phase = phaseAt(jam, now);
  if (phase === "SCHEDULED") return { phase, remaining: Date.parse(jam.startsAt) - now, at: jam.startsAt };
  if (phase === "LIVE") return { phase, remaining: Math.max(0, Date.parse(jam.endsAt) - now), at: jam.endsAt };
  return { phase, at: jam.endsAt };
}

/** Milliseconds until the jam's phase next changes by itself, or null when it will not
 * (closed). Zero when the server's phase is already out of date. */
export function untilNextPhase(jam: JamTimes, now: number): number | null {
  if (phaseAt(jam, now) !== jam.phase) return 0;
  if (jam.phase === "SCHEDULED") return Math.max(0, Date.parse(jam.startsAt) - now);
  if (jam.phase === "LIVE") return Math.max(0, Date.parse(jam.endsAt) - now);
  return null;
}

/** Less than this and a duration reads "less than a minute". */
export const MINUTE = 60_000;
