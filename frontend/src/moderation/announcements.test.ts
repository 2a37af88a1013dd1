import { describe, expect, it } from "vitest";

import { ANNOUNCEMENT_MAX, announcementProblem, forumIdOf, needsConfirmation, newestFirst, WHOLE_JAM } from "./announcements";

describe("announcementProblem", () => {
  it("refuses an empty draft", () => {
    expect(announcementProblem("")).toBe("missing");
    expect(announcementProblem("   \n")).toBe("missing");
  });
  it("refuses a draft over the limit", () => {
    expect(announcementProblem("x".repeat(ANNOUNCEMENT_MAX))).toBeNull();
    expect(announcementProblem("x".repeat(ANNOUNCEMENT_MAX + 1))).toBe("long");
  });
  it("accepts a short message", () => {
    expect(announcementProblem("Voting closes at 17:00.")).toBeNull();
  });
});

describe("needsConfirmation", () => {
  it("asks first only for important announcements", () => {
    expect(needsConfirmation("IMPORTANT")).toBe(true);
    expect(needsConfirmation("INFO")).toBe(false);
  });
});

describe("forumIdOf", () => {
  it("sends no forum for the whole jam, else the forum's id", () => {
    expect(forumIdOf(WHOLE_JAM)).toBeNull();
    expect(forumIdOf("12")).toBe("12");
  });
});

describe("newestFirst", () => {
  it("puts the newest first, ties by the newer id, and leaves the list given alone", () => {
    const list = [
      { id: "1", createdAt: "2026-05-01T10:00:00Z" },
      { id: "3", createdAt: "2026-05-01T12:00:00Z" },
      { id: "10", createdAt: "2026-05-01T12:00:00Z" },
      { id: "2", createdAt: "2026-05-01T11:00:00+00:00" },
    ];
    expect(newestFirst(list).map((item) => item.id)).toEqual(["10", "3", "2", "1"]);
    expect(list.map((item) => item.id)).toEqual(["1", "3", "10", "2"]);
  });
});
