import { describe, expect, it } from "vitest";

import { contrastRatio, luminance } from "../themes/palette";
import { BACKED_COLOR, INK, NEUTRAL_COLOR, OPPOSED_COLOR, cellMarks, lowestContrast, mix, supportColors } from "./heatmap";

describe("supportColors", () => {
  it("runs from red (opposed) through white (split) to blue (backed)", () => {
    expect(supportColors(0).background).toBe(OPPOSED_COLOR);
    expect(supportColors(0.5).background).toBe(NEUTRAL_COLOR);
    expect(supportColors(1).background).toBe(BACKED_COLOR);
  });

  it("keeps its text at WCAG AA contrast (4.5:1) on every colour of the scale", () => {
    expect(lowestContrast(200)).toBeGreaterThanOrEqual(4.5);
    expect(supportColors(0.73).text).toBe(INK);
  });

  it("gets stronger the further support is from half", () => {
    const far = supportColors(0.95).background;
    const near = supportColors(0.6).background;
    expect(luminance(far)).toBeLessThan(luminance(near));
    expect(luminance(supportColors(0.05).background)).toBeLessThan(luminance(supportColors(0.4).background));
  });

  it("clamps what is out of range, and takes no number for half", () => {
    expect(supportColors(-1)).toEqual(supportColors(0));
    expect(supportColors(2)).toEqual(supportColors(1));
    expect(supportColors(Number.NaN)).toEqual(supportColors(0.5));
  });
});

describe("mix", () => {
  it("goes from one colour to the other", () => {
    expect(mix("#000000", "#ffffff", 0)).toBe("#000000");
    expect(mix("#000000", "#ffffff", 1)).toBe("#ffffff");
    expect(mix("#000000", "#ffffff", 0.5)).toBe("#808080");
  });
  it("keeps the scale's ends readable with ink", () => {
    expect(contrastRatio(OPPOSED_COLOR, INK)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(BACKED_COLOR, INK)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("cellMarks", () => {
  it("lists what is significant about a cell, never by colour alone", () => {
    expect(cellMarks({ backs: true, opposes: false, differs: true })).toEqual(["backs", "differs"]);
    expect(cellMarks({ backs: false, opposes: true, differs: false })).toEqual(["opposes"]);
    expect(cellMarks({ backs: false, opposes: false, differs: false })).toEqual([]);
  });
});
