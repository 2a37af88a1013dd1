import { describe, expect, it } from "vitest";

import { buildGrid, nearestPoint } from "./spatialGrid";
import { boundsOf } from "./viewport";

function bruteForce(xs: Float32Array, ys: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const d = ((xs[i] as number) - x) ** 2 + ((ys[i] as number) - y) ** 2;
    if (d < bestDistance || (d === bestDistance && i > best)) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

describe("the spatial grid", () => {
  it("puts every point in exactly one cell", () => {
    const xs = Float32Array.from([0, 1, 0.5, 0.25, 1]);
    const ys = Float32Array.from([0, 1, 0.5, 0.75, 0]);
    const grid = buildGrid(xs, ys, 5, boundsOf(xs, ys), 1);
    expect(grid.cellStart[grid.cellStart.length - 1]).toBe(5);
    expect([...grid.cellItems].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("finds the nearest point within the radius, or none", () => {
    const xs = Float32Array.from([0, 1, 0.5]);
    const ys = Float32Array.from([0, 1, 0.5]);
    const grid = buildGrid(xs, ys, 3, boundsOf(xs, ys));
    expect(nearestPoint(grid, xs, ys, 0.52, 0.49, 0.05)).toBe(2);
    expect(nearestPoint(grid, xs, ys, 0.98, 1.01, 0.05)).toBe(1);
    expect(nearestPoint(grid, xs, ys, 0.25, 0.75, 0.05)).toBe(-1);
    expect(nearestPoint(grid, xs, ys, 5, 5, 0.05)).toBe(-1);
  });

  it("agrees with a search of every point, on 46,000 points", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const count = 46_000;
    const xs = new Float32Array(count);
    const ys = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      xs[i] = random() * 2 - 1;
      ys[i] = (random() * 2 - 1) * 0.5;
    }
    const grid = buildGrid(xs, ys, count, boundsOf(xs, ys));
    for (let probe = 0; probe < 300; probe++) {
      const x = random() * 2.2 - 1.1;
      const y = random() * 1.2 - 0.6;
      const radius = random() * 0.02;
      expect(nearestPoint(grid, xs, ys, x, y, radius)).toBe(bruteForce(xs, ys, x, y, radius));
    }
  });
});
