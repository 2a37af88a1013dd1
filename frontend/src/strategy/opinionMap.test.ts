import { describe, expect, it } from "vitest";

import { clustersForTable, groupSummaries, layoutMap, type LayoutOptions } from "./opinionMap";

const BOX: LayoutOptions = { width: 200, height: 100, padding: 10, minRadius: 2, maxRadius: 10 };

describe("layoutMap", () => {
  const points = [
    { x: -1, y: 0, size: 4, group: 0 },
    { x: 1, y: 0, size: 1, group: 1 },
    { x: 0, y: 1, size: 1, group: null },
  ];

  it("fits the points in the box at one scale for both axes, up being up", () => {
    const { points: placed } = layoutMap(points, null, BOX);
    const left = placed.find((p) => p.x === -1)!;
    const right = placed.find((p) => p.x === 1)!;
    const top = placed.find((p) => p.y === 1)!;
    // y spans 1, x spans 2: the height (80 free) limits the scale to 80 per unit.
    expect(right.cx - left.cx).toBe(160);
    expect(left.cy - top.cy).toBe(80);
    expect(top.cy).toBe(10);
    for (const point of placed) {
      expect(point.cx).toBeGreaterThanOrEqual(10);
      expect(point.cx).toBeLessThanOrEqual(190);
    }
  });

  it("sizes circles by area, within bounds, largest drawn first", () => {
    const { points: placed } = layoutMap(points, null, BOX);
    expect(placed[0]!.size).toBe(4);
    expect(placed[0]!.r).toBe(10);
    expect(placed[1]!.r).toBe(5); // a quarter of the people: half the radius
  });

  it("keeps the viewer's point inside the box too", () => {
    const layout = layoutMap(points, { x: 3, y: -1 }, BOX);
    expect(layout.viewer).not.toBeNull();
    expect(layout.viewer!.cx).toBeLessThanOrEqual(190);
    expect(layout.viewer!.cy).toBeLessThanOrEqual(90);
  });

  it("places other points of the data at the same scale", () => {
    const layout = layoutMap(points, null, BOX);
    expect(layout.project(0, 0)).toEqual({ cx: 100, cy: 90 });
    expect(layout.project(-1, 0)).toEqual({ cx: 20, cy: 90 });
  });

  it("copes with nothing, and with every point in one place", () => {
    expect(layoutMap([], null, BOX).points).toEqual([]);
    const [only] = layoutMap([{ x: 2, y: 2, size: 3, group: 0 }], null, BOX).points;
    expect(only).toMatchObject({ cx: 100, cy: 50 });
  });
});

describe("groupSummaries", () => {
  it("adds up each group's people and averages where they are", () => {
    const summaries = groupSummaries([
      { x: 0, y: 0, size: 3, group: 1 },
      { x: 4, y: 2, size: 1, group: 1 },
      { x: 9, y: 9, size: 2, group: null },
      { x: -1, y: -1, size: 5, group: 0 },
    ]);
    expect(summaries.map((s) => s.group)).toEqual([0, 1, null]);
    expect(summaries[1]).toEqual({ group: 1, people: 4, clusters: 2, x: 1, y: 0.5 });
  });
});

describe("clustersForTable", () => {
  it("lists clusters by group, the largest first, the unplaced last", () => {
    const rows = clustersForTable([
      { x: 0, y: 0, size: 1, group: null },
      { x: 0, y: 0, size: 1, group: 1 },
      { x: 0, y: 0, size: 3, group: 1 },
      { x: 0, y: 0, size: 2, group: 0 },
    ]);
    expect(rows.map((r) => [r.group, r.size])).toEqual([[0, 2], [1, 3], [1, 1], [null, 1]]);
  });
});
