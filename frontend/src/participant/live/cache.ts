/** What the live stream (`jamActivity`) changes in the cache, so every view agrees without
 * refetching: most of it is plain normalisation, because the subscription selects the ids
 * and counts each event changes (IdeaPosted: `idea { id forum { id ideaCount } }`,
 * VotesChanged: `idea { id upvotes downvotes score }`, CommentAdded: `idea { id commentCount }`,
 * JamUpdated: the jam's clock and texts, IdeaFeatured: an idea's pin and labels). The updater
 * below does the rest: what an event removes or adds to a list it does not carry (a merged
 * idea leaves its forum's lists and points at its target; a pin changes the pinned list; a
 * retracted or dismissed announcement leaves the banners). */
import type { Cache, CacheExchangeOpts, Data, Variables } from "@urql/exchange-graphcache";

/** An idea vanished for this viewer: its forum's count is stale, and (for anyone who is not a
 * moderator) every query that shows the idea must be asked again, without it. */
export function forgetHiddenIdea(cache: Cache, ideaId: string, keepIdea: boolean): void {
  const ideaKey = cache.keyOfEntity({ __typename: "Idea", id: ideaId });
  if (ideaKey === null) return;
  const forumKey = cache.resolve(ideaKey, "forum");
  if (typeof forumKey === "string") cache.invalidate(forumKey, "ideaCount");
  if (!keepIdea) cache.invalidate(ideaKey);
}

/** Every list of ideas of the jam and of `forumKey` (all sorts, filters and pages; with
 * `labelled`, only those filtered by a label) is asked for again. */
export function invalidateIdeaLists(cache: Cache, jamId: string, forumKey: string | null, onlyLabelled = false): void {
  const owners = [cache.keyOfEntity({ __typename: "Jam", id: jamId }), forumKey];
  for (const owner of owners) {
    if (!owner) continue;
    for (const field of cache.inspectFields(owner)) {
      if (field.fieldName !== "ideas") continue;
      if (onlyLabelled && !field.arguments?.label) continue;
      cache.invalidate(owner, field.fieldName, field.arguments ?? undefined);
    }
  }
}

function forumKeyOf(cache: Cache, ideaKey: string | null): string | null {
  if (ideaKey === null) return null;
  const forumKey = cache.resolve(ideaKey, "forum");
  return typeof forumKey === "string" ? forumKey : null;
}

/** The idea's forum, or (when the cache does not know it) every forum of the jam. */
function forumKeysOf(cache: Cache, jamId: string, ideaKey: string | null): string[] {
  const own = forumKeyOf(cache, ideaKey);
  if (own) return [own];
  const forums = cache.resolve({ __typename: "Jam", id: jamId }, "forums") as unknown;
  return Array.isArray(forums) ? forums.filter((key): key is string => typeof key === "string") : [];
}

/** An idea was merged into `targetId` (null: a target the viewer may not see): it leaves its
 * forum's lists and count, and its page learns where it went. */
export function mergeIdea(cache: Cache, jamId: string, ideaId: string, targetId: string | null): void {
  const ideaKey = cache.keyOfEntity({ __typename: "Idea", id: ideaId });
  const forumKeys = forumKeysOf(cache, jamId, ideaKey);
  invalidateIdeaLists(cache, jamId, null);
  for (const forumKey of forumKeys) {
    invalidateIdeaLists(cache, jamId, forumKey);
    cache.invalidate(forumKey, "ideaCount");
    cache.invalidate(forumKey, "pinnedIdeas");
  }
  if (ideaKey === null) return;
  const targetKey = targetId ? cache.keyOfEntity({ __typename: "Idea", id: targetId }) : null;
  if (targetKey) cache.link(ideaKey, "mergedInto", targetKey);
  else cache.invalidate(ideaKey);
}

/** A merge was undone: the idea is back in its forum's lists. */
export function unmergeIdea(cache: Cache, jamId: string, ideaId: string): void {
  const ideaKey = cache.keyOfEntity({ __typename: "Idea", id: ideaId });
  invalidateIdeaLists(cache, jamId, null);
  for (const forumKey of forumKeysOf(cache, jamId, ideaKey)) {
    invalidateIdeaLists(cache, jamId, forumKey);
    cache.invalidate(forumKey, "pinnedIdeas");
  }
}

/** A pin or labels changed (the idea's own fields normalise): the forum's pinned list and the
 * lists filtered by a label are asked for again. */
export function featureIdea(cache: Cache, jamId: string, ideaId: string): void {
  const ideaKey = cache.keyOfEntity({ __typename: "Idea", id: ideaId });
  invalidateIdeaLists(cache, jamId, null, true);
  for (const forumKey of forumKeysOf(cache, jamId, ideaKey)) {
    cache.invalidate(forumKey, "pinnedIdeas");
    invalidateIdeaLists(cache, jamId, forumKey, true);
  }
}

/** An announcement is no longer shown (retracted, or dismissed by the viewer): the cached
 * banner lists that hold it are asked for again. */
export function forgetAnnouncement(cache: Cache, announcementId: string): void {
  cache.invalidate({ __typename: "Announcement", id: announcementId });
}

function idOf(value: unknown): string | null {
  return value && typeof value === "object" && "id" in value ? String(value.id) : null;
}

function jamActivity(result: Data, args: Variables, cache: Cache): void {
  const event = result.jamActivity as Data | null | undefined;
  if (!event) return;
  switch (event.__typename) {
    case "ForumAdded":
      // The jam's list of forums has one more: ask for it again.
      cache.invalidate({ __typename: "Jam", id: String(args.jamId) }, "forums");
      break;
    case "IdeaHidden": {
      const hiddenIdea = event.hiddenIdea as Data | null | undefined;
      forgetHiddenIdea(cache, String(event.ideaId), hiddenIdea != null);
      break;
    }
    case "IdeaMerged":
      mergeIdea(cache, String(args.jamId), String(event.ideaId), idOf(event.mergeTarget));
      break;
    case "IdeaUnmerged": {
      const id = idOf(event.unmergedIdea);
      if (id) unmergeIdea(cache, String(args.jamId), id);
      break;
    }
    case "IdeaFeatured": {
      const id = idOf(event.featuredIdea);
      if (id) featureIdea(cache, String(args.jamId), id);
      break;
    }
    case "AnnouncementRetracted":
      forgetAnnouncement(cache, String(event.announcementId));
      break;
    default:
      break;
  }
}

export const liveCache: Pick<CacheExchangeOpts, "updates" | "optimistic"> = {
  updates: {
    Subscription: { jamActivity },
    Mutation: {
      dismissAnnouncement(result: Data, args: Variables, cache: Cache) {
        const payload = result.dismissAnnouncement as { errors?: unknown[] } | null | undefined;
        const input = args.input as { announcementId?: unknown } | undefined;
        if (payload && payload.errors?.length === 0 && input?.announcementId != null) {
          forgetAnnouncement(cache, String(input.announcementId));
        }
      },
    },
  },
  optimistic: {},
};
