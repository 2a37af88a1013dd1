import { describe, expect, it } from "vitest";

import { sparkline } from "./sparkline";

describe("sparkline", () => {
  it("draws the values from zero (bottom) to the largest (top), oldest on the left", () => {
    const line = sparkline([0, 5, 10], 24, 12, 2);
    expect(line.path).toBe("M2 10 L12 6 L22 2");
    expect(line.last).toEqual({ x: 22, y: 2 });
    expect(line.dots).toEqual([]);
  });

  it("breaks the line where a value is missing, and dots a lone value", () => {
    const line = sparkline([4, 4, null, 2], 32, 12, 2);
    expect(line.path).toBe("M2 2 L11.3 2");
    expect(line.dots).toEqual([{ x: 30, y: 6 }]);
    expect(line.last).toEqual({ x: 30, y: 6 });
  });

  it("has no newest point when the series ends without a value", () => {
    expect(sparkline([3, null], 20, 10).last).toBeNull();
  });

  it("centres a single value, and draws nothing for nothing", () => {
    expect(sparkline([7], 20, 10, 2).dots).toEqual([{ x: 10, y: 2 }]);
    expect(sparkline([], 20, 10)).toEqual({ path: "", dots: [], last: null });
  });

  it("keeps a series of zeros on the baseline", () => {
    expect(sparkline([0, 0], 20, 10, 2).path).toBe("M2 8 L18 8");
  });
});
