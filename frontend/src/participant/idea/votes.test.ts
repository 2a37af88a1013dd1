import { describe, expect, it } from "vitest";

import { applyVote, nextVote } from "./votes";

const counts = (upvotes: number, downvotes: number, viewerVote: "UP" | "DOWN" | "PASS" | null, passes = 0) => ({
  upvotes,
  downvotes,
  passes,
  viewerVote,
});

describe("nextVote", () => {
  it("votes when there is no vote", () => {
    expect(nextVote(null, "UP")).toBe("UP");
    expect(nextVote(null, "DOWN")).toBe("DOWN");
  });
  it("switches to the other vote", () => {
    expect(nextVote("UP", "DOWN")).toBe("DOWN");
    expect(nextVote("DOWN", "UP")).toBe("UP");
  });
  it("retracts when the active vote is pressed again", () => {
    expect(nextVote("UP", "UP")).toBeNull();
    expect(nextVote("DOWN", "DOWN")).toBeNull();
  });
});

describe("applyVote", () => {
  it("none → pass counts a pass and leaves the score", () => {
    expect(applyVote(counts(4, 2, null), "PASS")).toEqual({ upvotes: 4, downvotes: 2, passes: 1, score: 2, viewerVote: "PASS" });
  });
  it("pass → up moves the vote out of the passes", () => {
    expect(applyVote(counts(4, 2, "PASS", 3), "UP")).toEqual({ upvotes: 5, downvotes: 2, passes: 2, score: 3, viewerVote: "UP" });
  });
  it("pass → retract removes the pass", () => {
    expect(applyVote(counts(4, 2, "PASS", 1), null)).toEqual({ upvotes: 4, downvotes: 2, passes: 0, score: 2, viewerVote: null });
  });
  it("none → up adds an upvote", () => {
    expect(applyVote(counts(4, 2, null), "UP")).toEqual({ upvotes: 5, downvotes: 2, passes: 0, score: 3, viewerVote: "UP" });
  });
  it("none → down adds a downvote", () => {
    expect(applyVote(counts(4, 2, null), "DOWN")).toEqual({ upvotes: 4, downvotes: 3, passes: 0, score: 1, viewerVote: "DOWN" });
  });
  it("up → down moves the vote", () => {
    expect(applyVote(counts(5, 2, "UP"), "DOWN")).toEqual({ upvotes: 4, downvotes: 3, passes: 0, score: 1, viewerVote: "DOWN" });
  });
  it("down → up moves the vote", () => {
    expect(applyVote(counts(4, 3, "DOWN"), "UP")).toEqual({ upvotes: 5, downvotes: 2, passes: 0, score: 3, viewerVote: "UP" });
  });
  it("up → retract removes the upvote", () => {
    expect(applyVote(counts(5, 2, "UP"), null)).toEqual({ upvotes: 4, downvotes: 2, passes: 0, score: 2, viewerVote: null });
  });
  it("down → retract removes the downvote", () => {
    expect(applyVote(counts(4, 3, "DOWN"), null)).toEqual({ upvotes: 4, downvotes: 2, passes: 0, score: 2, viewerVote: null });
  });
  it("the same vote again changes nothing", () => {
    expect(applyVote(counts(5, 2, "UP"), "UP")).toEqual({ upvotes: 5, downvotes: 2, passes: 0, score: 3, viewerVote: "UP" });
  });
  it("never shows a count below zero (stale cache)", () => {
    expect(applyVote(counts(0, 0, "UP"), null)).toEqual({ upvotes: 0, downvotes: 0, passes: 0, score: 0, viewerVote: null });
  });
  it("a negative score when downvotes lead", () => {
    expect(applyVote(counts(0, 2, null), "DOWN").score).toBe(-3);
  });
});
