/** What the API's refusals of a shift or journal change mean here, in the person's language
 * (null: the general message says it well enough). */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";

import type { UserErrorLike } from "../app/errors";
import type { JournalEntryKind } from "../gql/graphql";
import type { PeriodProblem } from "./shifts";

export function explainShiftRefusal(i18n: I18n, refusal: UserErrorLike): string | null {
  if (refusal.code === "CONFLICT") {
    if (refusal.field === "startsAt") return i18n._(msg`This moderator already has a shift at that time: choose another time.`);
    if (refusal.field === "endsAt") return i18n._(msg`A running shift can end now, not in the past.`);
    return i18n._(msg`This shift has started or is over: it can no longer be changed this way.`);
  }
  if (refusal.code === "INVALID_INPUT") {
    if (refusal.field === "endsAt") return i18n._(msg`A shift ends after it starts, at most 24 hours later.`);
    if (refusal.field === "userId") return i18n._(msg`Only this jam's moderators take shifts.`);
    if (refusal.field === "forumIds") return i18n._(msg`Choose forums of this jam.`);
  }
  return null;
}

export function periodMessage(i18n: I18n, problem: PeriodProblem): string | null {
  switch (problem) {
    case "missingStart":
      return i18n._(msg`Enter when the shift starts (date and time).`);
    case "missingEnd":
      return i18n._(msg`Enter when the shift ends (date and time).`);
    case "endBeforeStart":
      return i18n._(msg`A shift ends after it starts.`);
    case "tooLong":
      return i18n._(msg`A shift is at most 24 hours long.`);
    default:
      return null;
  }
}

export function explainJournalRefusal(i18n: I18n, refusal: UserErrorLike): string | null {
  if (refusal.code === "NOT_FOUND" && refusal.field === "ideaId") return i18n._(msg`There is no such idea in this jam.`);
  if (refusal.code === "NOT_FOUND" && refusal.field === "commentId") return i18n._(msg`There is no such comment in this jam.`);
  if (refusal.code === "INVALID_INPUT" && refusal.field === "commentId") return i18n._(msg`This comment is not on that idea.`);
  if (refusal.code === "INVALID_INPUT" && refusal.field === "ideaId") return i18n._(msg`Say which idea or comment this is about.`);
  return null;
}

export const JOURNAL_KINDS: readonly JournalEntryKind[] = ["NOTE", "FLAG", "WATCH", "FEATURE"];

export function journalKindLabel(i18n: I18n, kind: JournalEntryKind): string {
  switch (kind) {
    case "NOTE":
      return i18n._(msg`Note`);
    case "FLAG":
      return i18n._(msg`Flag to settle`);
    case "WATCH":
      return i18n._(msg`Thread to watch`);
    case "FEATURE":
      return i18n._(msg`Idea to feature`);
  }
}
