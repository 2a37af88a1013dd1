import { describe, expect, it } from "vitest";

import { activityEvent, countNewIdea, NO_NEW_IDEAS } from "./newIdeas";

describe("countNewIdea", () => {
  it("counts ideas posted into this forum once each", () => {
    let state = NO_NEW_IDEAS;
    state = countNewIdea(state, { kind: "posted", ideaId: "7", forumId: "1" }, "1");
    state = countNewIdea(state, { kind: "posted", ideaId: "7", forumId: "1" }, "1");
    state = countNewIdea(state, { kind: "posted", ideaId: "8", forumId: "1" }, "1");
    expect(state.ids).toEqual(["7", "8"]);
  });

  it("ignores other forums, other events and ideas already shown", () => {
    let state = NO_NEW_IDEAS;
    state = countNewIdea(state, { kind: "posted", ideaId: "7", forumId: "2" }, "1");
    state = countNewIdea(state, { kind: "other" }, "1");
    state = countNewIdea(state, { kind: "posted", ideaId: "9", forumId: "1" }, "1", new Set(["9"]));
    expect(state).toBe(NO_NEW_IDEAS);
  });

  it("stops counting an idea a moderator hid", () => {
    let state = countNewIdea(NO_NEW_IDEAS, { kind: "posted", ideaId: "7", forumId: "1" }, "1");
    state = countNewIdea(state, { kind: "hidden", ideaId: "7" }, "1");
    expect(state.ids).toEqual([]);
  });
});

describe("activityEvent", () => {
  it("reads the events the counter needs from subscription results", () => {
    expect(activityEvent({ postedIdea: { id: "5", forum: { id: "2" } } })).toEqual({
      kind: "posted",
      ideaId: "5",
      forumId: "2",
    });
    expect(activityEvent({ ideaId: "5", hiddenIdea: null })).toEqual({ kind: "hidden", ideaId: "5" });
    expect(activityEvent({ ideaId: "5", upvotes: 3 })).toEqual({ kind: "other" });
    expect(activityEvent({ restoredIdea: { id: "5", forum: { id: "2" } } })).toEqual({
      kind: "restored",
      ideaId: "5",
      forumId: "2",
    });
    expect(activityEvent({})).toEqual({ kind: "other" });
  });
});

describe("merged ideas", () => {
  it("are read from IdeaMerged and IdeaUnmerged, and no longer counted as new", () => {
    expect(activityEvent({ ideaId: "5", mergeTarget: { id: "3", title: "Older" } })).toEqual({ kind: "merged", ideaId: "5" });
    expect(activityEvent({ ideaId: "5", mergeTarget: null })).toEqual({ kind: "merged", ideaId: "5" });
    expect(activityEvent({ unmergedIdea: { id: "5", forum: { id: "2" } } })).toEqual({ kind: "unmerged", ideaId: "5" });
    const state = countNewIdea(NO_NEW_IDEAS, { kind: "posted", ideaId: "5", forumId: "1" }, "1");
    expect(countNewIdea(state, { kind: "merged", ideaId: "5" }, "1").ids).toEqual([]);
  });
});
