/** Votes and comments in the cache: optimistic votes (rolled back when the server refuses:
 * graphcache drops the optimistic layer when the answer arrives, and a refused vote's answer
 * carries no idea, so the counts return to what they were), and new comments, the viewer's own
 * (the mutation) or others' (the `ideaUpdated` subscription), put once into their idea's thread.
 * Vote counts from `VotesChanged` and edits from `IdeaEdited` need no updater: they normalise. */
import type { Cache, CacheExchangeOpts, Data, Variables } from "@urql/exchange-graphcache";

import {
  CommentFlaggedFragmentDoc,
  IdeaFlaggedFragmentDoc,
  IdeaCommentCountFragmentDoc,
  IdeaCommentViewerFragmentDoc,
  IdeaVotesFragmentDoc,
  type AddCommentMutation,
  type AddCommentMutationVariables,
  type FlagItemMutation,
  type IdeaUpdatedSubscription,
  type RetractVoteMutationVariables,
  type VoteIdeaMutationVariables,
} from "../../gql/graphql";
import { applyVote, type Vote } from "./votes";

/** The vote mutation's answer as the page should show it right away, from the cached idea. */
export function optimisticVote(cache: Cache, ideaId: string, next: Vote): Data | null {
  const current = cache.readFragment(IdeaVotesFragmentDoc, { __typename: "Idea", id: ideaId });
  if (!current) return null;
  return {
    __typename: "IdeaPayload",
    idea: { __typename: "Idea", id: ideaId, ...applyVote(current, next) },
    errors: [],
  };
}

interface NewComment {
  id: string;
  parentId: string | null;
}

/** Append `comment` (already written to the cache by its result) to its parent's replies or
 * the idea's top-level comments. Returns false when it is there already (the mutation and the
 * subscription both bring the viewer's own comment, in either order) or its parent is not in
 * the cache (a reply deeper than the page asks for). */
export function insertComment(cache: Cache, ideaId: string, comment: NewComment): boolean {
  const key = cache.keyOfEntity({ __typename: "Comment", id: comment.id });
  const parent = comment.parentId
    ? cache.keyOfEntity({ __typename: "Comment", id: comment.parentId })
    : cache.keyOfEntity({ __typename: "Idea", id: ideaId });
  if (!key || !parent) return false;
  const field = comment.parentId ? "replies" : "comments";
  const siblings = cache.resolve(parent, field) as unknown;
  if (!Array.isArray(siblings) || siblings.includes(key)) return false;
  // A new comment has no replies yet; without the field the page's query would be incomplete.
  if (!Array.isArray(cache.resolve(key, "replies"))) cache.link(key, "replies", []);
  // Nor has the viewer flagged it, and it is not hidden: the live event leaves these out (they
  // depend on who is looking, and the stream is shared).
  if (cache.resolve(key, "viewerFlagged") === undefined) {
    cache.writeFragment(IdeaCommentViewerFragmentDoc, {
      id: comment.id,
      viewerFlagged: false,
      hiddenNote: null,
    });
  }
  cache.link(parent, field, [...(siblings as string[]), key]);
  return true;
}

function countComment(cache: Cache, ideaId: string): void {
  const idea = cache.readFragment(IdeaCommentCountFragmentDoc, { __typename: "Idea", id: ideaId });
  if (idea) {
    cache.writeFragment(IdeaCommentCountFragmentDoc, { ...idea, commentCount: idea.commentCount + 1 });
  }
}

/** The viewer flagged this item: its Flag button gives way to "You flagged this". */
export function markFlagged(cache: Cache, kind: "IDEA" | "COMMENT", id: string): void {
  if (kind === "IDEA") {
    cache.writeFragment(IdeaFlaggedFragmentDoc, { id, viewerFlagged: true });
  } else {
    cache.writeFragment(CommentFlaggedFragmentDoc, { id, viewerFlagged: true });
  }
}

/** The idea's `mergedInto` points at the target (the event has written the target's title). */
export function linkMergedInto(cache: Cache, ideaId: string, targetId: string | null): void {
  const ideaKey = cache.keyOfEntity({ __typename: "Idea", id: ideaId });
  const targetKey = targetId ? cache.keyOfEntity({ __typename: "Idea", id: targetId }) : null;
  if (!ideaKey) return;
  if (targetKey) cache.link(ideaKey, "mergedInto", targetKey);
  else cache.invalidate(ideaKey);
}

export const ideaCache: Pick<CacheExchangeOpts, "updates" | "optimistic"> = {
  updates: {
    Mutation: {
      addComment(result: Data, args: Variables, cache: Cache) {
        const comment = (result as unknown as AddCommentMutation).addComment?.comment;
        const { ideaId } = (args as AddCommentMutationVariables).input;
        if (comment && insertComment(cache, String(ideaId), comment)) countComment(cache, String(ideaId));
      },
      flagItem(result: Data, _args: Variables, cache: Cache) {
        const flag = (result as unknown as FlagItemMutation).flagItem?.flag;
        if (flag) markFlagged(cache, flag.itemKind, flag.itemId);
      },
    },
    Subscription: {
      ideaUpdated(result: Data, _args: Variables, cache: Cache) {
        const event = (result as unknown as IdeaUpdatedSubscription).ideaUpdated;
        if ("comment" in event) {
          // The event carries the idea's comment count as of the comment.
          insertComment(cache, event.idea.id, event.comment);
        } else if ("hiddenIdea" in event && event.hiddenIdea === null) {
          // Hidden by a moderator: for everyone else the idea is gone (the page says so).
          cache.link("Query", "idea", { id: event.ideaId }, null);
        } else if ("mergeTarget" in event) {
          // Merged: the page tells where it went (or, if the viewer may not see the target,
          // asks for the idea again).
          linkMergedInto(cache, event.ideaId, event.mergeTarget?.id ?? null);
        }
      },
    },
  },
  optimistic: {
    vote(args: Variables, cache: Cache) {
      const { ideaId, value } = (args as VoteIdeaMutationVariables).input;
      return optimisticVote(cache, String(ideaId), value);
    },
    retractVote(args: Variables, cache: Cache) {
      const { ideaId } = (args as RetractVoteMutationVariables).input;
      return optimisticVote(cache, String(ideaId), null);
    },
  },
};
