import { describe, expect, it } from "vitest";

import { MAP_BACKGROUND, THEME_COLORS, UNTHEMED_COLOR, contrastRatio } from "../themes/palette";
import { groupColor, groupLetter } from "./groups";

describe("groupLetter", () => {
  it("names groups A, B, C… from the API's numbers, as numbers or strings", () => {
    expect([0, 1, 2, 4].map(groupLetter)).toEqual(["A", "B", "C", "E"]);
    expect(groupLetter("1")).toBe("B");
    expect(groupLetter(26)).toBe("AA");
  });
  it("keeps a value that is no group number as it is", () => {
    expect(groupLetter("guest")).toBe("guest");
  });
});

describe("groupColor", () => {
  it("takes the theme map's colours, grey for nobody's group", () => {
    expect(groupColor(0)).toBe(THEME_COLORS[0]);
    expect(groupColor("1")).toBe(THEME_COLORS[1]);
    expect(groupColor(null)).toBe(UNTHEMED_COLOR);
  });
  it("stands out on the map's panel", () => {
    for (const group of [0, 1, 2, 3, 4, null]) expect(contrastRatio(groupColor(group), MAP_BACKGROUND)).toBeGreaterThanOrEqual(3);
  });
});
