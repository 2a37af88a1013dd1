import { describe, expect, it } from "vitest";

import { compareSnapshots, defaultPair } from "./compare";
import type { SnapshotSizes } from "./history";

const at = (version: number, createdAt: string, sizes: [number, string, number][] = [], ideaCount = 0): SnapshotSizes => ({
  id: `s${version}`,
  version,
  createdAt,
  ideaCount,
  sizes: sizes.map(([themeId, label, size]) => ({ themeId, label, size })),
});

describe("defaultPair", () => {
  it("compares the newest with the snapshot about a day before it", () => {
    const history = [
      at(4, "2026-12-02T12:00:00Z"),
      at(3, "2026-12-02T09:00:00Z"),
      at(2, "2026-12-01T13:00:00Z"),
      at(1, "2026-11-29T12:00:00Z"),
    ];
    expect(defaultPair(history)).toEqual({ from: "s2", to: "s4" });
  });

  it("takes the one before when all are recent, and the oldest when all are old", () => {
    expect(defaultPair([at(2, "2026-12-02T12:05:00Z"), at(1, "2026-12-02T12:00:00Z")])).toEqual({ from: "s1", to: "s2" });
    expect(defaultPair([at(3, "2026-12-09T00:00:00Z"), at(2, "2026-12-05T00:00:00Z"), at(1, "2026-12-01T00:00:00Z")])).toEqual({
      from: "s2",
      to: "s3",
    });
  });

  it("does not depend on the order it is given, and needs two snapshots", () => {
    expect(defaultPair([at(1, "2026-12-01T12:00:00Z"), at(2, "2026-12-02T12:00:00Z")])).toEqual({ from: "s1", to: "s2" });
    expect(defaultPair([at(1, "2026-12-01T12:00:00Z")])).toBeNull();
    expect(defaultPair([])).toBeNull();
  });
});

describe("compareSnapshots", () => {
  const before = at(1, "2026-12-01T00:00:00Z", [[1, "Parks", 10], [2, "Bikes", 6], [3, "Trains", 4], [4, "Food", 3]], 23);
  const after = at(2, "2026-12-02T00:00:00Z", [[1, "Parks and trees", 12], [2, "Bikes", 2], [3, "Trains", 4], [5, "Remote work", 7], [6, "Cafés", 7]], 32);
  const comparison = compareSnapshots(before, after);

  it("finds the new themes and the ones gone, largest first", () => {
    expect(comparison.added.map((theme) => theme.label)).toEqual(["Cafés", "Remote work"]);
    expect(comparison.removed).toEqual([{ themeId: "4", label: "Food", size: 3 }]);
  });

  it("sorts the size changes by how large they are, up or down", () => {
    expect(comparison.changed.map((theme) => [theme.label, theme.change])).toEqual([
      ["Bikes", -4],
      ["Parks and trees", 2],
    ]);
    expect(comparison.changed[1]!.formerLabel).toBe("Parks");
    expect(comparison.changed[0]!.formerLabel).toBeNull();
    expect(comparison.unchanged).toBe(1);
    expect(comparison.ideaChange).toBe(9);
  });

  it("reads from the first to the second, whichever is older", () => {
    const backwards = compareSnapshots(after, before);
    expect(backwards.added.map((theme) => theme.label)).toEqual(["Food"]);
    expect(backwards.changed[0]).toMatchObject({ label: "Bikes", before: 2, after: 6, change: 4 });
  });

  it("finds nothing between a snapshot and itself", () => {
    expect(compareSnapshots(after, after)).toMatchObject({ added: [], removed: [], changed: [], unchanged: 5, ideaChange: 0 });
  });
});
