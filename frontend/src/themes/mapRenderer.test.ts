import { describe, expect, it } from "vitest";

import { buildScene, drawScene, pointSize } from "./mapRenderer";
import { packPoints } from "./mapData";
import { THEME_COLORS, UNTHEMED_COLOR } from "./palette";

describe("packPoints", () => {
  it("indexes each point's theme in the snapshot's order, unknown or none as -1", () => {
    const points = packPoints(
      [
        { ideaId: "1", themeId: 30, x: 0, y: 1 },
        { ideaId: "2", themeId: null, x: 2, y: -1 },
        { ideaId: "3", themeId: 10, x: 1, y: 0 },
        { ideaId: "4", themeId: 99, x: 1, y: 0 },
      ],
      [10, 30],
    );
    expect([...points.themeIndex]).toEqual([1, -1, 0, -1]);
    expect(points.ideaIds).toEqual(["1", "2", "3", "4"]);
    expect(points.bounds).toEqual({ minX: 0, minY: -1, maxX: 2, maxY: 1 });
  });
});

describe("buildScene", () => {
  it("groups points by colour, themes of one colour side by side, unthemed first", () => {
    const themeCount = THEME_COLORS.length + 2; // themes 0 and 7 share a colour, as do 1 and 8
    const themeIndex = Int16Array.from([0, 7, -1, 1, 8, 0, 3]);
    const xs = new Float32Array(themeIndex.length);
    const ys = new Float32Array(themeIndex.length);
    const scene = buildScene(xs, ys, themeIndex, themeIndex.length, themeCount);
    expect(scene.groupColor[0]).toBe(UNTHEMED_COLOR);
    // Every point appears once.
    expect([...scene.order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // The colours run in contiguous blocks.
    const seen = new Set<string>();
    let previous = "";
    for (const color of scene.groupColor) {
      if (color !== previous) {
        expect(seen.has(color)).toBe(false);
        seen.add(color);
        previous = color;
      }
    }
    // Each group holds only its theme's points.
    for (let g = 0; g < scene.groupColor.length; g++) {
      for (let k = scene.groupStart[g] as number; k < (scene.groupStart[g + 1] as number); k++) {
        expect(themeIndex[scene.order[k] as number]).toBe(scene.groupTheme[g]);
        expect(scene.groupColor[g]).toBe(g === 0 ? UNTHEMED_COLOR : THEME_COLORS[(scene.groupTheme[g] as number) % THEME_COLORS.length]);
      }
    }
  });
});

describe("drawScene", () => {
  it("fills one path per colour, skipping points off the canvas", () => {
    const calls: string[] = [];
    let rects = 0;
    const ctx = {
      fillRect: () => calls.push("fillRect"),
      beginPath: () => calls.push("beginPath"),
      rect: () => rects++,
      fill: () => calls.push("fill"),
      arc: () => undefined,
      stroke: () => undefined,
      fillText: () => undefined,
      set fillStyle(value: string) {
        calls.push(`style ${value}`);
      },
      globalAlpha: 1,
      font: "",
      textAlign: "",
      textBaseline: "",
      lineWidth: 1,
      strokeStyle: "",
    } as unknown as CanvasRenderingContext2D;
    const xs = Float32Array.from([0, 0.1, 0.2, 50]);
    const ys = Float32Array.from([0, 0.1, 0.2, 50]);
    const themeIndex = Int16Array.from([0, 0, 1, 1]);
    const scene = buildScene(xs, ys, themeIndex, 4, 2);
    drawScene(ctx, scene, { centerX: 0, centerY: 0, scale: 100 }, { width: 200, height: 200 }, { highlight: null, zoom: 1 });
    expect(rects).toBe(3); // the point at (50, 50) is far off the canvas
    expect(calls.filter((call) => call === "fill")).toHaveLength(2);
  });

  it("draws smaller points when there are many", () => {
    expect(pointSize(46_000, 1)).toBeLessThan(pointSize(150, 1));
    expect(pointSize(46_000, 16)).toBeGreaterThan(pointSize(46_000, 1));
  });
});
