/** The console's fixed choices and their labels: mute durations, log actions, flag reasons,
 * decisions' outcomes. Labels are message descriptors, said with `i18n._` in the person's
 * language. */
import type { I18n, MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";

import type { FlagReason, ItemKind, ModerationDecision } from "../gql/graphql";

export const MUTE_DURATIONS: readonly { id: string; minutes: number; label: MessageDescriptor }[] = [
  { id: "15m", minutes: 15, label: msg`15 minutes` },
  { id: "1h", minutes: 60, label: msg`1 hour` },
  { id: "1d", minutes: 60 * 24, label: msg`1 day` },
  { id: "1w", minutes: 60 * 24 * 7, label: msg`1 week` },
];

export const DEFAULT_MUTE = "1h";

export function muteMinutes(id: string): number | null {
  return MUTE_DURATIONS.find((duration) => duration.id === id)?.minutes ?? null;
}

const ACTION_LABELS: Record<string, MessageDescriptor> = {
  "idea.hide": msg`Idea hidden`,
  "idea.restore": msg`Idea restored`,
  "idea.auto_hide": msg`Idea hidden by flags`,
  "comment.hide": msg`Comment hidden`,
  "comment.restore": msg`Comment restored`,
  "comment.auto_hide": msg`Comment hidden by flags`,
  "flags.keep": msg`Flags dismissed (kept)`,
  "flag.add": msg`Flagged`,
  "member.mute": msg`Member muted`,
  "member.unmute": msg`Mute lifted`,
  "moderator.assign": msg`Moderator assigned`,
  "jam.update": msg`Jam changed`,
  "jam.close": msg`Jam closed`,
  "forum.add": msg`Forum added`,
  "invitation.create": msg`Invitation created`,
  "theme.rename": msg`Theme renamed`,
  "theme.merge": msg`Themes merged`,
  "theme.split": msg`Theme split`,
};

/** A log action's human label; an action this UI does not know yet shows as recorded. */
export function actionLabel(i18n: I18n, action: string): string {
  const label = Object.hasOwn(ACTION_LABELS, action) ? ACTION_LABELS[action] : undefined;
  return label ? i18n._(label) : action;
}

export const FLAG_REASONS: readonly FlagReason[] = ["SPAM", "OFFENSIVE", "OFF_TOPIC", "DUPLICATE", "OTHER"];

const REASON_LABELS: Record<FlagReason, MessageDescriptor> = {
  SPAM: msg`Spam`,
  OFFENSIVE: msg`Offensive`,
  OFF_TOPIC: msg`Off topic`,
  DUPLICATE: msg`Duplicate`,
  OTHER: msg`Other`,
};

export function reasonLabel(i18n: I18n, reason: FlagReason): string {
  return i18n._(REASON_LABELS[reason]);
}

export function kindLabel(i18n: I18n, kind: ItemKind): string {
  return kind === "IDEA" ? i18n._(msg`Idea`) : i18n._(msg`Comment`);
}

/** Hide and restore tell the author why, so they need a reason; keep does not. */
export function reasonRequired(decision: ModerationDecision): boolean {
  return decision !== "KEEP";
}

export const REASON_MAX = 500;

/** What is wrong with a decision's reason, or null when it may be sent. */
export function reasonProblem(decision: ModerationDecision, reason: string): "missing" | "long" | null {
  if (reason.length > REASON_MAX) return "long";
  if (reasonRequired(decision) && reason.trim() === "") return "missing";
  return null;
}

/** "Idea 12", "Member 7": what a log entry is about; other kinds as recorded. */
export function subjectLabel(i18n: I18n, type: string, id: string | null | undefined): string {
  const number = id ?? "";
  switch (type) {
    case "idea":
      return i18n._(msg`Idea ${number}`);
    case "comment":
      return i18n._(msg`Comment ${number}`);
    case "user":
    case "membership":
      return i18n._(msg`Member ${number}`);
    case "forum":
      return i18n._(msg`Forum ${number}`);
    case "jam":
      return i18n._(msg`The jam`);
    default:
      return `${type} ${number}`.trim();
  }
}
