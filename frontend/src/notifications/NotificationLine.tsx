/** One notification's sentence, by its kind (see messages.ts). User text (names, titles,
 * reasons, announcements) goes to <Trans> through userText, so it shows exactly as written. */
import { Trans } from "@lingui/react/macro";

import { userText } from "../app/userText";
import type { NotificationLine as Line } from "./messages";

export function NotificationText({ line }: { line: Line }) {
  switch (line.kind) {
    case "replyToIdea": {
      const [name, title] = [userText(line.name), userText(line.title)];
      return <Trans>{name} replied to your idea “{title}”</Trans>;
    }
    case "replyToComment": {
      const [name, title] = [userText(line.name), userText(line.title)];
      return <Trans>{name} replied to your comment on “{title}”</Trans>;
    }
    case "hidden":
      return <HiddenText line={line} />;
    case "restored":
      return <RestoredText line={line} />;
    case "muted": {
      const [jam, reason] = [userText(line.jam), userText(line.reason)];
      return line.reason ? <Trans>You were muted in {jam}: {reason}</Trans> : <Trans>You were muted in {jam}.</Trans>;
    }
    case "unmuted": {
      const jam = userText(line.jam);
      return <Trans>Your mute in {jam} was lifted: you can take part again.</Trans>;
    }
    case "mergeRequested": {
      const [title, target, reason] = [userText(line.title), userText(line.target), userText(line.reason)];
      return line.reason ? (
        <Trans>A moderator asks to merge your idea “{title}” into “{target}” (answer the request): {reason}</Trans>
      ) : (
        <Trans>A moderator asks to merge your idea “{title}” into “{target}”. Answer the request.</Trans>
      );
    }
    case "mergeDone": {
      const target = userText(line.target);
      return <Trans>An idea you wrote or supported was merged into “{target}”</Trans>;
    }
    case "mergeDeclined": {
      const [name, title, reason] = [userText(line.name), userText(line.title), userText(line.reason)];
      return line.reason ? (
        <Trans>{name} declined merging their idea “{title}”: {reason}</Trans>
      ) : (
        <Trans>{name} declined merging their idea “{title}”.</Trans>
      );
    }
    case "announcement": {
      const [jam, body] = [userText(line.jam), userText(line.body)];
      return line.important ? (
        <Trans>Important announcement in {jam}: {body}</Trans>
      ) : (
        <Trans>Announcement in {jam}: {body}</Trans>
      );
    }
  }
}

function HiddenText({ line }: { line: Extract<Line, { kind: "hidden" }> }) {
  const [title, reason] = [userText(line.title), userText(line.reason)];
  if (line.item === "idea") {
    return line.reason ? (
      <Trans>Your idea “{title}” was hidden by a moderator: {reason}</Trans>
    ) : (
      <Trans>Your idea “{title}” was hidden automatically after several members flagged it; a moderator will review it.</Trans>
    );
  }
  return line.reason ? (
    <Trans>Your comment on “{title}” was hidden by a moderator: {reason}</Trans>
  ) : (
    <Trans>Your comment on “{title}” was hidden automatically after several members flagged it; a moderator will review it.</Trans>
  );
}

function RestoredText({ line }: { line: Extract<Line, { kind: "restored" }> }) {
  const [title, reason] = [userText(line.title), userText(line.reason)];
  if (line.item === "idea") {
    return line.reason ? <Trans>Your idea “{title}” is shown again: {reason}</Trans> : <Trans>Your idea “{title}” is shown again.</Trans>;
  }
  return line.reason ? (
    <Trans>Your comment on “{title}” is shown again: {reason}</Trans>
  ) : (
    <Trans>Your comment on “{title}” is shown again.</Trans>
  );
}
