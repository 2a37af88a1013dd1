import { describe, expect, it } from "vitest";

import { parseLabel, sortLabels, toggleLabel } from "./labels";

describe("parseLabel", () => {
  it("reads a label in any case and ignores unknown ones", () => {
    expect(parseLabel("best")).toBe("BEST");
    expect(parseLabel(" Emerging ")).toBe("EMERGING");
    expect(parseLabel("worst")).toBe("");
    expect(parseLabel(null)).toBe("");
  });
});

describe("sortLabels and toggleLabel", () => {
  it("keeps a fixed order, each label once", () => {
    expect(sortLabels(["BEST", "EMERGING", "BEST"])).toEqual(["EMERGING", "BEST"]);
  });
  it("turns a label on or off", () => {
    expect(toggleLabel(["BEST"], "EMERGING", true)).toEqual(["EMERGING", "BEST"]);
    expect(toggleLabel(["EMERGING", "BEST"], "BEST", false)).toEqual(["EMERGING"]);
    expect(toggleLabel([], "BEST", false)).toEqual([]);
  });
});
