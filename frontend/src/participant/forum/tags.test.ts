import { describe, expect, it } from "vitest";

import { parseTags, similarText, tagProblem, TAG_MAX, TAGS_MAX } from "./tags";

describe("parseTags", () => {
  it("splits on commas, normalises and keeps the first of duplicates", () => {
    expect(parseTags("Energy, remote  work ,energy,, ,Solar")).toEqual(["energy", "remote work", "solar"]);
  });

  it("gives nothing for an empty field", () => {
    expect(parseTags("  , ,")).toEqual([]);
  });
});

describe("tagProblem", () => {
  it("accepts up to the limits", () => {
    const tags = Array.from({ length: TAGS_MAX }, (_, index) => `${"t".repeat(TAG_MAX - 2)}${index}`.slice(0, TAG_MAX));
    expect(tagProblem(tags)).toBeNull();
  });

  it("refuses a tag over the length limit, naming it", () => {
    const long = "x".repeat(TAG_MAX + 1);
    expect(tagProblem(["ok", long])).toEqual({ kind: "too-long", tag: long });
  });

  it("refuses more than the tag limit", () => {
    const tags = Array.from({ length: TAGS_MAX + 1 }, (_, index) => `tag${index}`);
    expect(tagProblem(tags)).toEqual({ kind: "too-many", count: TAGS_MAX + 1 });
  });
});

describe("similarText", () => {
  it("waits for enough text", () => {
    expect(similarText("Solar", "")).toBeNull();
    expect(similarText("   solar    ", "  ")).toBeNull();
  });

  it("joins title and body", () => {
    expect(similarText(" Solar panels ", " on roofs ")).toBe("Solar panels\non roofs");
  });
});
