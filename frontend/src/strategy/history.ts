/** A theme's sizes over the snapshots of `themeHistory` (theme ids stay the same across refits
 * while a theme continues): for its sparkline, and for the numbers beside it. */

export interface SnapshotSizes {
  id: string;
  version: number;
  createdAt: string;
  ideaCount: number;
  sizes: readonly { themeId: number | string; label: string; size: number }[];
}

export interface SizePoint {
  version: number;
  createdAt: string;
  /** null: the theme was not in that snapshot. */
  size: number | null;
}

/** The theme's size in each snapshot, oldest first (`themeHistory` lists the newest first). */
export function sizeSeries(history: readonly SnapshotSizes[], themeId: number | string): SizePoint[] {
  const key = String(themeId);
  return [...history]
    .sort((a, b) => a.version - b.version)
    .map((snapshot) => ({
      version: snapshot.version,
      createdAt: snapshot.createdAt,
      size: snapshot.sizes.find((entry) => String(entry.themeId) === key)?.size ?? null,
    }));
}

/** The series since the theme first appeared (the snapshots before it say nothing about it). */
export function sinceFirstSeen(series: readonly SizePoint[]): SizePoint[] {
  const first = series.findIndex((point) => point.size !== null);
  return first < 0 ? [] : series.slice(first);
}

/** The change from the oldest known size to the newest; null with fewer than two. */
export function sizeChange(series: readonly SizePoint[]): number | null {
  const known = series.filter((point) => point.size !== null);
  if (known.length < 2) return null;
  return (known.at(-1)!.size ?? 0) - (known[0]!.size ?? 0);
}
