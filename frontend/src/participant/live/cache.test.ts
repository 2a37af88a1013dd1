/** cache.ts in a real graphcache (the app's configuration): what the live stream removes from
 * the lists it does not carry (a merged idea, a retracted announcement, a changed pin). */
import { cacheExchange } from "@urql/exchange-graphcache";
import { Client, subscriptionExchange, type ExecutionResult } from "urql";
import { describe, expect, it } from "vitest";

import { cacheConfig } from "../../app/cache";
import { ForumActivityDocument, ForumIdeasDocument, ForumPinnedDocument, JamAnnouncementsDocument } from "../../gql/graphql";

type Sink = { next(value: ExecutionResult): void; complete(): void };

const author = { __typename: "User", id: "7", displayName: "Ana" };

function card(id: string) {
  return {
    __typename: "Idea",
    id,
    title: `Idea ${id}`,
    body: "",
    createdAt: "2026-12-01T09:00:00Z",
    upvotes: 0,
    downvotes: 0,
    score: 0,
    commentCount: 0,
    hidden: false,
    tags: [],
    labels: [],
    pinnedAt: null,
    author,
  };
}

const answers: Record<string, unknown> = {
  ForumIdeas: {
    jam: {
      __typename: "Jam",
      id: "3",
      ideas: {
        __typename: "IdeaConnection",
        totalCount: 2,
        pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
        nodes: [card("1"), card("5")],
      },
    },
  },
  ForumPinned: { jam: { __typename: "Jam", id: "3", forums: [{ __typename: "Forum", id: "2", pinnedIdeas: [card("5")] }] } },
  JamAnnouncements: {
    jam: {
      __typename: "Jam",
      id: "3",
      announcements: [
        {
          __typename: "Announcement",
          id: "40",
          level: "INFO",
          body: "Hello",
          forumId: null,
          createdAt: "2026-12-01T09:00:00Z",
          retractedAt: null,
          author,
        },
      ],
    },
  },
};

function harness() {
  const live: Sink[] = [];
  const asked: string[] = [];
  const client = new Client({
    url: "/graphql",
    exchanges: [
      cacheExchange(cacheConfig),
      subscriptionExchange({
        enableAllOperations: true,
        forwardSubscription(request, operation) {
          return {
            subscribe(sink: Sink) {
              if (operation.kind === "subscription") {
                live.push(sink);
              } else {
                const name = request.query?.match(/(?:query|mutation) (\w+)/)?.[1] ?? "";
                asked.push(name);
                void Promise.resolve(answers[name] ?? null).then((data) => {
                  sink.next({ data: data as Record<string, unknown> });
                  sink.complete();
                });
              }
              return { unsubscribe() {} };
            },
          };
        },
      }),
    ],
  });
  const push = (event: unknown) => live.forEach((sink) => sink.next({ data: { jamActivity: event } }));
  return { client, push, asked };
}

const listVariables = { slug: "j", forumId: "2", sort: "NEW" as const, first: 20, tag: null, search: null, after: null, label: null };

async function loaded() {
  const h = harness();
  await h.client.query(ForumIdeasDocument, listVariables).toPromise();
  await h.client.query(ForumPinnedDocument, { slug: "j" }).toPromise();
  await h.client.query(JamAnnouncementsDocument, { slug: "j", forumId: null }).toPromise();
  h.client.subscription(ForumActivityDocument, { jamId: "3" }).subscribe(() => {});
  return h;
}

describe("the live cache", () => {
  it("takes a retracted announcement's banner down", async () => {
    const h = await loaded();
    h.push({ __typename: "AnnouncementRetracted", position: "p", announcementId: "40" });
    expect(h.client.readQuery(JamAnnouncementsDocument, { slug: "j", forumId: null })?.data?.jam ?? null).toBeNull();
  });

  it("drops the forum's lists (and pinned ideas) when one of its ideas is merged", async () => {
    const h = await loaded();
    expect(h.client.readQuery(ForumIdeasDocument, listVariables)?.data?.jam?.ideas.nodes).toHaveLength(2);
    h.push({ __typename: "IdeaMerged", position: "p", ideaId: "5", mergeTarget: { __typename: "Idea", id: "1", title: "Idea 1" } });
    expect(h.client.readQuery(ForumIdeasDocument, listVariables)?.data?.jam?.ideas ?? null).toBeNull();
    expect(h.client.readQuery(ForumPinnedDocument, { slug: "j" })?.data?.jam?.forums[0]?.pinnedIdeas ?? null).toBeNull();
  });

  it("keeps the lists when a pin changes, but asks for the pinned ideas again", async () => {
    const h = await loaded();
    h.push({
      __typename: "IdeaFeatured",
      position: "p",
      featuredIdea: { __typename: "Idea", id: "1", labels: [], pinnedAt: "2026-12-01T10:00:00Z", forum: { __typename: "Forum", id: "2" } },
    });
    expect(h.client.readQuery(ForumIdeasDocument, listVariables)?.data?.jam?.ideas.nodes[0]?.pinnedAt).toBe("2026-12-01T10:00:00Z");
    expect(h.client.readQuery(ForumPinnedDocument, { slug: "j" })?.data?.jam?.forums[0]?.pinnedIdeas ?? null).toBeNull();
  });
});
