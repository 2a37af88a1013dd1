/** The "what happens now" feed of a jam as a reducer over `jamActivity` events: the things a
 * person watching wants to see (new ideas, comments, new themes, forum and clock changes),
 * newest first, at most FEED_LIMIT kept. Votes are not listed (too many; the counts update in
 * place); an idea that gets hidden leaves the feed; an edited one shows its new title. */
import type { JamActivityEvent } from "./useJamActivity";

export const FEED_LIMIT = 20;

interface Person {
  id: string;
  displayName: string;
}

export type FeedItem =
  | { kind: "ideaPosted"; key: string; at: string; ideaId: string; title: string; author: Person; forumId: string; forumTitle: string }
  | { kind: "commentAdded"; key: string; at: string; ideaId: string; title: string; author: Person }
  | { kind: "themesUpdated"; key: string; at: string; version: number }
  | { kind: "jamUpdated"; key: string; at: string }
  | { kind: "forumAdded"; key: string; at: string; forumId: string; title: string };

/** The feed item an event makes, or null for events the feed does not list. */
export function feedItemOf(event: JamActivityEvent): FeedItem | null {
  switch (event.__typename) {
    case "IdeaPosted":
      return {
        kind: "ideaPosted",
        key: event.position,
        at: event.at,
        ideaId: event.idea.id,
        title: event.idea.title,
        author: event.idea.author,
        forumId: event.idea.forum.id,
        forumTitle: event.idea.forum.title,
      };
    case "CommentAdded":
      return {
        kind: "commentAdded",
        key: event.position,
        at: event.at,
        ideaId: event.idea.id,
        title: event.idea.title,
        author: event.comment.author,
      };
    case "ThemesUpdated":
      // The whole jam's themes only: a forum's own refit is not news on the jam's page.
      return event.forumId === null
        ? { kind: "themesUpdated", key: event.position, at: event.at, version: event.version }
        : null;
    case "JamUpdated":
      return { kind: "jamUpdated", key: event.position, at: event.at };
    case "ForumAdded":
      return { kind: "forumAdded", key: event.position, at: event.at, forumId: event.forum.id, title: event.forum.title };
    default:
      return null;
  }
}

function aboutIdea(item: FeedItem, ideaId: string): boolean {
  return (item.kind === "ideaPosted" || item.kind === "commentAdded") && item.ideaId === ideaId;
}

export function feedReducer(items: readonly FeedItem[], event: JamActivityEvent): FeedItem[] {
  if (event.__typename === "IdeaHidden") {
    const kept = items.filter((item) => !aboutIdea(item, event.ideaId));
    return kept.length === items.length ? (items as FeedItem[]) : kept;
  }
  if (event.__typename === "IdeaEdited") {
    const { id, title } = event.idea;
    if (!items.some((item) => aboutIdea(item, id))) return items as FeedItem[];
    return items.map((item) => (aboutIdea(item, id) ? { ...item, title } : item));
  }
  const item = feedItemOf(event);
  // An event seen twice (a replay after resubscribing) is listed once.
  if (item === null || items.some((existing) => existing.key === item.key)) return items as FeedItem[];
  return [item, ...items].slice(0, FEED_LIMIT);
}
