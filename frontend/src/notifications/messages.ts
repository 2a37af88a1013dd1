/** What a notification says and where it leads, as data (the page turns it into words): the
 * kind, whether it is about an idea or a comment, the moderator's reason (null when members'
 * flags hid the item), and the page it opens (the idea, at the comment; a merge request's
 * page; the idea a merge went into). */
import type { AnnouncementLevel, NotificationKind } from "../gql/graphql";

export interface NotificationLike {
  kind: NotificationKind;
  reason?: string | null;
  readAt?: string | null;
  jam: { slug: string; title: string };
  idea?: { id: string; title: string } | null;
  /** The reply (REPLY), or the viewer's comment (hidden, restored). */
  comment?: { id: string; parentId?: string | null } | null;
  actor?: { displayName: string } | null;
  /** The merge it is about (requested, done, declined). */
  merge?: { id: string; target?: { id: string; title: string } | null } | null;
  announcement?: { body: string; level: AnnouncementLevel } | null;
}

export type NotificationLine =
  | { kind: "replyToIdea"; name: string; title: string }
  | { kind: "replyToComment"; name: string; title: string }
  | { kind: "hidden"; item: "idea" | "comment"; title: string; reason: string | null }
  | { kind: "restored"; item: "idea" | "comment"; title: string; reason: string | null }
  | { kind: "muted"; jam: string; reason: string | null }
  | { kind: "unmuted"; jam: string }
  /** The viewer's idea `title` would join `target`; `reason` is the moderator's note. */
  | { kind: "mergeRequested"; title: string; target: string; reason: string | null }
  | { kind: "mergeDone"; target: string }
  /** `name` (the author) declined merging their idea `title`, saying `reason`. */
  | { kind: "mergeDeclined"; name: string; title: string; reason: string | null }
  | { kind: "announcement"; jam: string; body: string; important: boolean };

export function notificationLine(notification: NotificationLike): NotificationLine {
  const title = notification.idea?.title ?? "";
  const reason = notification.reason?.trim() ? notification.reason : null;
  const item = notification.comment ? "comment" : "idea";
  switch (notification.kind) {
    case "REPLY": {
      const name = notification.actor?.displayName ?? "";
      // A reply to a top-level comment's parent is the idea; to a reply's, the viewer's comment.
      return notification.comment?.parentId
        ? { kind: "replyToComment", name, title }
        : { kind: "replyToIdea", name, title };
    }
    case "ITEM_HIDDEN":
      return { kind: "hidden", item, title, reason };
    case "ITEM_RESTORED":
      return { kind: "restored", item, title, reason };
    case "MUTED":
      return { kind: "muted", jam: notification.jam.title, reason };
    case "UNMUTED":
      return { kind: "unmuted", jam: notification.jam.title };
    case "MERGE_REQUESTED":
      return { kind: "mergeRequested", title, target: notification.merge?.target?.title ?? "", reason };
    case "MERGE_DONE":
      // The notification's idea is the target (the source is gone for the reader).
      return { kind: "mergeDone", target: notification.merge?.target?.title ?? title };
    case "MERGE_DECLINED":
      return { kind: "mergeDeclined", name: notification.actor?.displayName ?? "", title, reason };
    case "ANNOUNCEMENT":
      return {
        kind: "announcement",
        jam: notification.jam.title,
        body: notification.announcement?.body ?? "",
        important: notification.announcement?.level === "IMPORTANT",
      };
  }
}

function mergePath(notification: NotificationLike, mergeId: string): string {
  return `/jams/${encodeURIComponent(notification.jam.slug)}/merges/${encodeURIComponent(mergeId)}`;
}

/** The page it leads to: a merge request (to answer, or see who declined) its merge's page; a
 * done merge the idea it went into; the others the idea page (at the comment, when it is about
 * one). Null when there is nowhere to go (mutes, announcements: the text is all). */
export function notificationHref(notification: NotificationLike): string | null {
  switch (notification.kind) {
    case "MERGE_REQUESTED":
    case "MERGE_DECLINED":
      return notification.merge ? mergePath(notification, notification.merge.id) : null;
    case "MERGE_DONE": {
      const target = notification.merge?.target ?? notification.idea;
      return target ? ideaPath(notification, target.id) : null;
    }
    case "ANNOUNCEMENT":
      return null;
    default:
      break;
  }
  if (!notification.idea) return null;
  const path = ideaPath(notification, notification.idea.id);
  return notification.comment ? `${path}#comment-${encodeURIComponent(notification.comment.id)}` : path;
}

function ideaPath(notification: NotificationLike, ideaId: string): string {
  return `/jams/${encodeURIComponent(notification.jam.slug)}/ideas/${encodeURIComponent(ideaId)}`;
}

export function isUnread(notification: Pick<NotificationLike, "readAt">): boolean {
  return !notification.readAt;
}

/** The bell's badge: the count, capped so it fits a small header. */
export function badgeText(unread: number): string {
  return unread > 99 ? "99+" : String(unread);
}
