import { describe, expect, it } from "vitest";

import { FEED_LIMIT, feedReducer, type FeedItem } from "./activityFeed";
import type { JamActivityEvent } from "./useJamActivity";

const author = { id: "u1", displayName: "Ada" };

function posted(n: number, ideaId = `i${n}`): JamActivityEvent {
  return {
    __typename: "IdeaPosted",
    position: `p${n}`,
    at: `2026-12-01T15:${String(n % 60).padStart(2, "0")}:00+00:00`,
    idea: { id: ideaId, title: `Idea ${n}`, createdAt: "2026-12-01T15:00:00+00:00", author, forum: { id: "f1", title: "Forum", ideaCount: n } },
  };
}

const comment: JamActivityEvent = {
  __typename: "CommentAdded",
  position: "c1",
  at: "2026-12-01T16:00:00+00:00",
  idea: { id: "i1", title: "Idea 1", commentCount: 1 },
  comment: { id: "c1", createdAt: "2026-12-01T16:00:00+00:00", author: { id: "u2", displayName: "Grace" } },
};

function feed(...events: JamActivityEvent[]): FeedItem[] {
  return events.reduce<FeedItem[]>(feedReducer, []);
}

describe("the activity feed", () => {
  it("lists new ideas and comments, newest first", () => {
    const items = feed(posted(1), comment);
    expect(items.map((item) => item.kind)).toEqual(["commentAdded", "ideaPosted"]);
    expect(items[0]).toMatchObject({ ideaId: "i1", title: "Idea 1", author: { displayName: "Grace" } });
    expect(items[1]).toMatchObject({ ideaId: "i1", forumId: "f1", forumTitle: "Forum", author });
  });

  it(`keeps the newest ${FEED_LIMIT}`, () => {
    const items = feed(...Array.from({ length: FEED_LIMIT + 5 }, (_, n) => posted(n)));
    expect(items).toHaveLength(FEED_LIMIT);
    expect(items[0]?.key).toBe(`p${FEED_LIMIT + 4}`);
    expect(items.at(-1)?.key).toBe("p5");
  });

  it("lists an event seen twice once", () => {
    expect(feed(posted(1), posted(1))).toHaveLength(1);
  });

  it("does not list votes, edits, jobs or a forum's own themes", () => {
    const events: JamActivityEvent[] = [
      { __typename: "VotesChanged", position: "v", at: "2026-12-01T15:00:00+00:00", idea: { id: "i1", upvotes: 1, downvotes: 0, score: 1 } },
      { __typename: "ThemesUpdated", position: "t", at: "2026-12-01T15:00:00+00:00", forumId: "f1", version: 2 },
      { __typename: "JobFinished" },
    ];
    expect(feed(...events)).toEqual([]);
  });

  it("lists the jam's themes, a new forum and a changed clock", () => {
    const items = feed(
      { __typename: "ThemesUpdated", position: "t", at: "2026-12-01T15:00:00+00:00", forumId: null, version: 3 },
      { __typename: "ForumAdded", position: "f", at: "2026-12-01T15:01:00+00:00", forum: { id: "f9", title: "New", question: "", position: 4, ideaCount: 0 } },
      {
        __typename: "JamUpdated",
        position: "j",
        at: "2026-12-01T15:02:00+00:00",
        jam: { id: "1", title: "Jam", description: "", startsAt: "", endsAt: "", phase: "LIVE" },
      },
    );
    expect(items.map((item) => item.kind)).toEqual(["jamUpdated", "forumAdded", "themesUpdated"]);
    expect(items[2]).toMatchObject({ version: 3 });
  });

  it("drops what concerns an idea that gets hidden", () => {
    const items = feed(posted(1), posted(2), comment, {
      __typename: "IdeaHidden",
      position: "h",
      at: "2026-12-01T16:01:00+00:00",
      ideaId: "i1",
      hiddenIdea: null,
    });
    expect(items.map((item) => item.key)).toEqual(["p2"]);
  });

  it("shows an edited idea's new title", () => {
    const items = feed(posted(1), comment, {
      __typename: "IdeaEdited",
      position: "e",
      at: "2026-12-01T16:01:00+00:00",
      idea: { id: "i1", title: "Better title", body: "", tags: [], updatedAt: "2026-12-01T16:01:00+00:00" },
    });
    expect(items.map((item) => (item.kind === "ideaPosted" || item.kind === "commentAdded" ? item.title : null))).toEqual([
      "Better title",
      "Better title",
    ]);
  });

  it("returns the same list when nothing changes (no re-render)", () => {
    const items = feed(posted(1));
    expect(feedReducer(items, { __typename: "JobFinished" })).toBe(items);
  });
});
