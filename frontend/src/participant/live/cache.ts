/** What the live stream (`jamActivity`) changes in the cache, so every view agrees without
 * refetching: most of it is plain normalisation, because the subscription selects the ids
 * and counts each event changes (IdeaPosted: `idea { id forum { id ideaCount } }`,
 * VotesChanged: `idea { id upvotes downvotes score }`, CommentAdded: `idea { id commentCount }`,
 * JamUpdated: the jam's clock and texts). The updater below does the rest: what an event
 * removes or adds to a list it does not carry. */
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
    default:
      break;
  }
}

export const liveCache: Pick<CacheExchangeOpts, "updates" | "optimistic"> = {
  updates: {
    Subscription: { jamActivity },
  },
  optimistic: {},
};
