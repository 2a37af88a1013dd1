import { describe, expect, it } from "vitest";

import { parseTags, tagProblem } from "./tags";

describe("parseTags", () => {
  it("splits on commas, trims, lowercases and drops empties and duplicates", () => {
    expect(parseTags(" Energy,  green   roofs ,,energy, ")).toEqual(["energy", "green roofs"]);
  });
  it("is empty for blank text", () => {
    expect(parseTags("  , ")).toEqual([]);
  });
});

describe("tagProblem", () => {
  it("accepts ten tags of forty characters", () => {
    expect(tagProblem(Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(40, "x")))).toBeNull();
  });
  it("refuses eleven tags", () => {
    expect(tagProblem(Array.from({ length: 11 }, (_, i) => `t${i}`))).toBe("TOO_MANY");
  });
  it("refuses a tag over forty characters", () => {
    expect(tagProblem(["x".repeat(41)])).toBe("TOO_LONG");
  });
});
