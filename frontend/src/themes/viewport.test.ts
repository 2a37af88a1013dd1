import { describe, expect, it } from "vitest";

import { boundsOf, clampToBounds, fitView, MAX_ZOOM, MIN_ZOOM, panBy, toScreen, toWorld, zoomAt } from "./viewport";

const size = { width: 400, height: 200 };

describe("fitView", () => {
  it("centres the bounds and fits the tighter side within the padding", () => {
    const view = fitView({ minX: -1, minY: -1, maxX: 1, maxY: 1 }, size, 20);
    expect(view.centerX).toBe(0);
    expect(view.centerY).toBe(0);
    expect(view.scale).toBe(80); // (200 - 40) / 2
    expect(toScreen(view, size, -1, 1)).toEqual([120, 20]);
    expect(toScreen(view, size, 1, -1)).toEqual([280, 180]);
  });

  it("copes with a single point", () => {
    const view = fitView(boundsOf([0.5], [0.5]), size);
    expect(Number.isFinite(view.scale)).toBe(true);
    expect(toScreen(view, size, 0.5, 0.5)).toEqual([200, 100]);
  });
});

describe("projection", () => {
  it("maps world to screen and back, with north up", () => {
    const view = { centerX: 2, centerY: 3, scale: 10 };
    const [sx, sy] = toScreen(view, size, 4, 5);
    expect([sx, sy]).toEqual([220, 80]);
    expect(toWorld(view, size, sx, sy)).toEqual([4, 5]);
  });
});

describe("panBy", () => {
  it("moves the content with the pointer", () => {
    const view = { centerX: 0, centerY: 0, scale: 10 };
    const moved = panBy(view, 30, -20);
    // The world point that was at the centre is now 30 px right and 20 px up of it.
    expect(toScreen(moved, size, 0, 0)).toEqual([230, 80]);
  });
});

describe("zoomAt", () => {
  it("keeps the world point under the pointer in place", () => {
    const view = { centerX: 0, centerY: 0, scale: 10 };
    const before = toWorld(view, size, 300, 50);
    const zoomed = zoomAt(view, size, 2, 300, 50, 10);
    expect(zoomed.scale).toBe(20);
    const after = toWorld(zoomed, size, 300, 50);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });

  it("stays within the zoom limits", () => {
    const view = { centerX: 0, centerY: 0, scale: 10 };
    expect(zoomAt(view, size, 1000, 0, 0, 10).scale).toBe(10 * MAX_ZOOM);
    expect(zoomAt(view, size, 0.0001, 0, 0, 10).scale).toBe(10 * MIN_ZOOM);
  });
});

describe("clampToBounds", () => {
  it("keeps the centre over the ideas", () => {
    const view = clampToBounds({ centerX: 9, centerY: -9, scale: 1 }, { minX: -1, minY: -1, maxX: 1, maxY: 1 });
    expect(view).toEqual({ centerX: 1, centerY: -1, scale: 1 });
  });
});

describe("boundsOf", () => {
  it("finds the extent of the first count points", () => {
    expect(boundsOf([1, -2, 3, 99], [0, 5, -1, 99], 3)).toEqual({ minX: -2, minY: -1, maxX: 3, maxY: 5 });
  });
});
