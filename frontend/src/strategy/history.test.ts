import { describe, expect, it } from "vitest";

import { sinceFirstSeen, sizeChange, sizeSeries, type SnapshotSizes } from "./history";

const history: SnapshotSizes[] = [
  { id: "c", version: 3, createdAt: "2026-12-01T12:00:00Z", ideaCount: 30, sizes: [{ themeId: 1, label: "Parks", size: 12 }, { themeId: 2, label: "Bikes", size: 8 }] },
  { id: "b", version: 2, createdAt: "2026-11-30T12:00:00Z", ideaCount: 20, sizes: [{ themeId: 1, label: "Parks", size: 9 }] },
  { id: "a", version: 1, createdAt: "2026-11-29T12:00:00Z", ideaCount: 10, sizes: [{ themeId: 1, label: "Parks", size: 5 }] },
];

describe("sizeSeries", () => {
  it("lists a theme's sizes oldest first, null where it was not yet (or no longer) there", () => {
    expect(sizeSeries(history, 1).map((point) => point.size)).toEqual([5, 9, 12]);
    expect(sizeSeries(history, "2").map((point) => point.size)).toEqual([null, null, 8]);
    expect(sizeSeries(history, 1)[0]).toEqual({ version: 1, createdAt: "2026-11-29T12:00:00Z", size: 5 });
  });
});

describe("sinceFirstSeen", () => {
  it("drops the snapshots before the theme appeared", () => {
    expect(sinceFirstSeen(sizeSeries(history, 2)).map((point) => point.version)).toEqual([3]);
    expect(sinceFirstSeen(sizeSeries(history, 9))).toEqual([]);
  });
});

describe("sizeChange", () => {
  it("is the newest size less the oldest known one", () => {
    expect(sizeChange(sizeSeries(history, 1))).toBe(7);
    expect(sizeChange(sizeSeries(history, 2))).toBeNull();
  });
});
