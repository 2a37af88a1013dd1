import { describe, expect, it } from "vitest";

import { contrastRatio, MAP_BACKGROUND, THEME_COLORS, themeColor, UNTHEMED_COLOR } from "./palette";

describe("the map palette", () => {
  it("keeps every colour at 3:1 or more against the map's background (WCAG 1.4.11)", () => {
    for (const color of [...THEME_COLORS, UNTHEMED_COLOR]) {
      expect(contrastRatio(color, MAP_BACKGROUND)).toBeGreaterThanOrEqual(3);
    }
  });

  it("gives distinct colours to the largest themes, then repeats", () => {
    const first = THEME_COLORS.map((_, index) => themeColor(index));
    expect(new Set(first).size).toBe(THEME_COLORS.length);
    expect(themeColor(THEME_COLORS.length)).toBe(themeColor(0));
  });

  it("greys the ideas in no theme", () => {
    expect(themeColor(null)).toBe(UNTHEMED_COLOR);
    expect(themeColor(-1)).toBe(UNTHEMED_COLOR);
    expect(THEME_COLORS).not.toContain(UNTHEMED_COLOR);
  });

  it("computes WCAG contrast", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21);
    expect(contrastRatio("#777777", "#777777")).toBeCloseTo(1);
  });
});
