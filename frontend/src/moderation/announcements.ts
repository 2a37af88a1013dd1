/** Announcements, the pure parts: the body's limit and what is wrong with a draft, the
 * history newest first, and where an announcement shows (the whole jam or one forum). */
import type { AnnouncementLevel } from "../gql/graphql";

/** The API's limit on an announcement's text. */
export const ANNOUNCEMENT_MAX = 500;

/** The scope Select's choice for the whole jam (a forum is chosen by its id). */
export const WHOLE_JAM = "jam";

export const LEVELS: readonly AnnouncementLevel[] = ["INFO", "IMPORTANT"];

/** What is wrong with a draft, or null when it may be posted. */
export function announcementProblem(body: string): "missing" | "long" | null {
  if (body.trim() === "") return "missing";
  if (body.trim().length > ANNOUNCEMENT_MAX) return "long";
  return null;
}

/** Important announcements ask "are you sure?" first: they stand out for everyone. */
export function needsConfirmation(level: AnnouncementLevel): boolean {
  return level === "IMPORTANT";
}

/** The scope choice as the API's `forumId` (null: the whole jam). */
export function forumIdOf(scope: string): string | null {
  return scope === WHOLE_JAM ? null : scope;
}

interface Dated {
  id: string;
  createdAt: string;
}

/** Newest first (ties by id, newest id first), without changing the list given. */
export function newestFirst<A extends Dated>(announcements: readonly A[]): A[] {
  return [...announcements].sort((a, b) => {
    const byTime = new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime();
    if (byTime !== 0) return byTime;
    return b.id.localeCompare(a.id, undefined, { numeric: true });
  });
}
