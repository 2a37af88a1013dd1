/** A posted idea in the cache: the lists of its jam's ideas (every sort, filter and page) are
 * dropped, so the forum shows it the next time it is opened, and its forum's count refetched. */
import type { CacheExchangeOpts } from "@urql/exchange-graphcache";

import type { PostIdeaMutation } from "../../gql/graphql";

export const forumCache: Pick<CacheExchangeOpts, "updates" | "optimistic"> = {
  updates: {
    Mutation: {
      postIdea(result, _args, cache) {
        const idea = (result as PostIdeaMutation).postIdea?.idea;
        if (!idea) return;
        const jam = { __typename: "Jam", id: idea.jam.id };
        for (const field of cache.inspectFields(jam)) {
          if (field.fieldName === "ideas") cache.invalidate(jam, field.fieldName, field.arguments ?? undefined);
        }
        const forum = { __typename: "Forum", id: idea.forum.id };
        for (const field of cache.inspectFields(forum)) {
          if (field.fieldName === "ideas" || field.fieldName === "ideaCount") {
            cache.invalidate(forum, field.fieldName, field.arguments ?? undefined);
          }
        }
      },
    },
  },
  optimistic: {},
};
