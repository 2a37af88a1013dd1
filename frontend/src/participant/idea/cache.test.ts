/** cache.ts in a real graphcache (the app's configuration) behind a scripted server: new
 * comments land once in the thread whichever of the mutation and the live event comes first,
 * and an optimistic vote shows at once and goes back when the server refuses it. */
import { cacheExchange } from "@urql/exchange-graphcache";
import { Client, subscriptionExchange, type ExecutionResult } from "urql";
import { describe, expect, it } from "vitest";

import { cacheConfig } from "../../app/cache";
import {
  AddCommentDocument,
  IdeaPageDocument,
  IdeaUpdatedDocument,
  VoteIdeaDocument,
  type IdeaPageQuery,
} from "../../gql/graphql";

const author = { __typename: "User", id: "7", displayName: "Ana" };

function comment(id: string, parentId: string | null = null) {
  return { __typename: "Comment", id, body: `body ${id}`, createdAt: "2026-12-01T10:00:00Z", parentId, hidden: false, movedFromIdeaId: null, author };
}

/** A comment as the page's query and the viewer's own mutation have it (with the fields that
 * depend on who is looking, which the shared live stream leaves out). */
function seen(id: string, parentId: string | null = null) {
  return { ...comment(id, parentId), viewerFlagged: false, hiddenNote: null };
}

const idea = {
  __typename: "Idea",
  id: "1",
  title: "T",
  body: "B",
  createdAt: "2026-12-01T09:00:00Z",
  updatedAt: "2026-12-01T09:00:00Z",
  upvotes: 3,
  downvotes: 1,
  passes: 0,
  score: 2,
  viewerVote: "UP",
  commentCount: 1,
  hidden: false,
  hiddenNote: null,
  viewerFlagged: false,
  tags: [],
  labels: [],
  pinnedAt: null,
  mergedInto: null,
  author,
  forum: { __typename: "Forum", id: "2", title: "F" },
  jam: {
    __typename: "Jam",
    id: "3",
    slug: "j",
    title: "J",
    phase: "LIVE",
    startsAt: "2026-12-01T00:00:00Z",
    endsAt: "2026-12-02T00:00:00Z",
    viewerCanModerate: false,
    viewerMute: null,
  },
  comments: [{ ...seen("10"), replies: [{ ...seen("20", "10"), replies: [] }] }],
};

type Sink = { next(value: ExecutionResult): void; complete(): void };

/** A client with the app's cache; `answer` decides what the "server" says to each query and
 * mutation (a promise holds the answer back); `push` sends a live event. */
function harness(answer: (name: string, variables: Record<string, unknown>) => unknown) {
  const live: Sink[] = [];
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
                void Promise.resolve(answer(name, request.variables ?? {})).then((data) => {
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
  const shown = () => client.readQuery(IdeaPageDocument, { id: "1" })?.data?.idea as IdeaPageQuery["idea"];
  const push = (event: unknown) => live.forEach((sink) => sink.next({ data: { ideaUpdated: event } }));
  return { client, shown, push };
}

function thread(data: IdeaPageQuery["idea"]) {
  return data?.comments.map((c) => [c.id, c.replies.map((r) => r.id)]);
}

const commentAdded = (c: ReturnType<typeof comment>, commentCount: number) => ({
  __typename: "CommentAdded",
  position: "p",
  comment: c,
  idea: { __typename: "Idea", id: "1", commentCount },
});

async function opened(answer: (name: string, variables: Record<string, unknown>) => unknown) {
  const h = harness((name, variables) => (name === "IdeaPage" ? { idea } : answer(name, variables)));
  await h.client.query(IdeaPageDocument, { id: "1" }).toPromise();
  h.client.subscription(IdeaUpdatedDocument, { ideaId: "1" }).subscribe(() => {});
  return h;
}

describe("new comments", () => {
  it("the viewer's comment lands once when its live event follows the answer", async () => {
    const mine = seen("11");
    const h = await opened(() => ({ addComment: { __typename: "CommentPayload", comment: mine, errors: [] } }));
    await h.client.mutation(AddCommentDocument, { input: { ideaId: "1", body: "x" } }).toPromise();
    expect(thread(h.shown())).toEqual([["10", ["20"]], ["11", []]]);
    expect(h.shown()?.commentCount).toBe(2);
    h.push(commentAdded(mine, 2));
    expect(thread(h.shown())).toEqual([["10", ["20"]], ["11", []]]);
    expect(h.shown()?.commentCount).toBe(2);
  });

  it("the viewer's reply lands once when its live event comes before the answer", async () => {
    const mine = seen("12", "10");
    const h = await opened(() => ({ addComment: { __typename: "CommentPayload", comment: mine, errors: [] } }));
    h.push(commentAdded(mine, 2));
    await h.client.mutation(AddCommentDocument, { input: { ideaId: "1", body: "x", parentId: "10" } }).toPromise();
    expect(thread(h.shown())).toEqual([["10", ["20", "12"]]]);
    expect(h.shown()?.commentCount).toBe(2);
  });

  it("someone else's reply to a reply goes under it", async () => {
    const h = await opened(() => null);
    h.push(commentAdded(comment("21", "20"), 2));
    expect(h.shown()?.comments[0]?.replies[0]?.replies.map((r) => r.id)).toEqual(["21"]);
  });

  it("a comment hidden by a moderator keeps its place, its body gone", async () => {
    const h = await opened(() => null);
    h.push({
      __typename: "CommentModerated",
      position: "p",
      moderatedComment: { __typename: "Comment", id: "10", hidden: true, body: "" },
    });
    expect(thread(h.shown())).toEqual([["10", ["20"]]]);
    expect(h.shown()?.comments[0]).toMatchObject({ hidden: true, body: "" });
  });

  it("a moderator hiding the idea empties the page for everyone else", async () => {
    const h = await opened(() => null);
    h.push({ __typename: "IdeaHidden", position: "p", ideaId: "1", hiddenIdea: null });
    expect(h.shown()).toBeNull();
  });
});

describe("pins, labels and merges", () => {
  it("a pin or a label shows on the open idea", async () => {
    const h = await opened(() => null);
    h.push({
      __typename: "IdeaFeatured",
      position: "p",
      featuredIdea: { __typename: "Idea", id: "1", labels: ["BEST"], pinnedAt: "2026-12-01T11:00:00Z" },
    });
    expect(h.shown()).toMatchObject({ labels: ["BEST"], pinnedAt: "2026-12-01T11:00:00Z" });
  });

  it("a merge while the idea is open points it at its target", async () => {
    const h = await opened(() => null);
    h.push({
      __typename: "IdeaMerged",
      position: "p",
      ideaId: "1",
      mergeTarget: { __typename: "Idea", id: "9", title: "Older idea" },
    });
    expect(h.shown()?.mergedInto).toMatchObject({ id: "9", title: "Older idea" });
  });
});

/** Let the client hand the mutation to the "server" (its exchanges run on a later tick). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("optimistic votes", () => {
  it("show at once and stay when the server agrees", async () => {
    let agree: (value: unknown) => void = () => {};
    const h = await opened(() => new Promise((resolve) => (agree = resolve)));
    const sent = h.client.mutation(VoteIdeaDocument, { input: { ideaId: "1", value: "DOWN" } }).toPromise();
    expect(h.shown()).toMatchObject({ upvotes: 2, downvotes: 2, score: 0, viewerVote: "DOWN" });
    await settle();
    agree({
      vote: {
        __typename: "IdeaPayload",
        idea: { __typename: "Idea", id: "1", upvotes: 2, downvotes: 2, passes: 0, score: 0, viewerVote: "DOWN" },
        errors: [],
      },
    });
    await sent;
    expect(h.shown()).toMatchObject({ upvotes: 2, downvotes: 2, score: 0, viewerVote: "DOWN" });
  });

  it("go back when the server refuses", async () => {
    let refuse: (value: unknown) => void = () => {};
    const h = await opened(() => new Promise((resolve) => (refuse = resolve)));
    const sent = h.client.mutation(VoteIdeaDocument, { input: { ideaId: "1", value: "DOWN" } }).toPromise();
    expect(h.shown()).toMatchObject({ downvotes: 2, viewerVote: "DOWN" });
    await settle();
    expect(h.shown()).toMatchObject({ downvotes: 2, viewerVote: "DOWN" });
    refuse({
      vote: {
        __typename: "IdeaPayload",
        idea: null,
        errors: [{ __typename: "UserError", code: "JAM_NOT_LIVE", field: null, message: "not live" }],
      },
    });
    const result = await sent;
    expect(result.data?.vote.errors[0]?.code).toBe("JAM_NOT_LIVE");
    expect(h.shown()).toMatchObject({ upvotes: 3, downvotes: 1, score: 2, viewerVote: "UP" });
  });
});
