import { describe, expect, it } from "vitest";

import { beforeDeadline, mergePath, mergeStage, type MergeLike } from "./merge";

const pending: MergeLike = { status: "PENDING", deadline: "2026-12-02T12:00:00Z", source: { author: { id: "u1" } } };

describe("mergeStage", () => {
  it("lets only the source idea's author answer a pending merge", () => {
    expect(mergeStage(pending, "u1")).toBe("answer");
    expect(mergeStage(pending, "m9")).toBe("waiting");
    expect(mergeStage(pending, undefined)).toBe("waiting");
    expect(mergeStage({ ...pending, source: null }, "u1")).toBe("waiting");
  });

  it("shows the outcome once answered", () => {
    expect(mergeStage({ ...pending, status: "MERGED" }, "u1")).toBe("merged");
    expect(mergeStage({ ...pending, status: "DECLINED" }, "u1")).toBe("declined");
    expect(mergeStage({ ...pending, status: "CANCELLED" }, "u1")).toBe("cancelled");
    expect(mergeStage({ ...pending, status: "UNMERGED" }, "u1")).toBe("unmerged");
  });
});

describe("beforeDeadline", () => {
  it("is true until the deadline", () => {
    const deadline = new Date("2026-12-02T12:00:00Z").getTime();
    expect(beforeDeadline(pending, deadline - 1)).toBe(true);
    expect(beforeDeadline(pending, deadline)).toBe(false);
  });
});

describe("mergePath", () => {
  it("encodes the parts", () => {
    expect(mergePath("green jam", "7")).toBe("/jams/green%20jam/merges/7");
  });
});
