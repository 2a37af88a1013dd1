/** Comparing two theme snapshots: which to compare by default (the newest and the one about
 * a day before it), and what changed between them (themes new, themes gone, sizes up or down;
 * theme ids stay the same across refits while a theme continues). */
import type { SnapshotSizes } from "./history";

const DAY_MS = 86_400_000;

export interface Pair {
  from: string;
  to: string;
}

/** The newest snapshot and, of the older ones, the one taken closest to a day before it (the
 * older of two equally close). Null with fewer than two snapshots. */
export function defaultPair(history: readonly SnapshotSizes[]): Pair | null {
  if (history.length < 2) return null;
  const byAge = [...history].sort((a, b) => b.version - a.version);
  const newest = byAge[0]!;
  const target = new Date(newest.createdAt).getTime() - DAY_MS;
  let best = byAge[1]!;
  for (const snapshot of byAge.slice(1)) {
    const distance = Math.abs(new Date(snapshot.createdAt).getTime() - target);
    if (distance <= Math.abs(new Date(best.createdAt).getTime() - target)) best = snapshot;
  }
  return { from: best.id, to: newest.id };
}

export interface ThemeSize {
  themeId: string;
  label: string;
  size: number;
}

export interface SizeChange {
  themeId: string;
  /** The label in the later snapshot. */
  label: string;
  /** The label before, when a refit or a moderator renamed it. */
  formerLabel: string | null;
  before: number;
  after: number;
  change: number;
}

export interface Comparison {
  added: ThemeSize[];
  removed: ThemeSize[];
  /** Themes in both whose size changed, the largest change (up or down) first. */
  changed: SizeChange[];
  /** Themes in both with the same size. */
  unchanged: number;
  ideaChange: number;
}

const bySizeThenLabel = (a: ThemeSize, b: ThemeSize) => b.size - a.size || a.label.localeCompare(b.label);

/** What changed from `from` to `to` (`to` may be the older one: the comparison reads as
 * written, from the first to the second). */
export function compareSnapshots(from: SnapshotSizes, to: SnapshotSizes): Comparison {
  const sizesOf = (snapshot: SnapshotSizes) =>
    new Map(snapshot.sizes.map((entry) => [String(entry.themeId), { themeId: String(entry.themeId), label: entry.label, size: entry.size }]));
  const before = sizesOf(from);
  const after = sizesOf(to);
  const added = [...after.values()].filter((theme) => !before.has(theme.themeId)).sort(bySizeThenLabel);
  const removed = [...before.values()].filter((theme) => !after.has(theme.themeId)).sort(bySizeThenLabel);
  const changed: SizeChange[] = [];
  let unchanged = 0;
  for (const theme of after.values()) {
    const earlier = before.get(theme.themeId);
    if (earlier === undefined) continue;
    if (earlier.size === theme.size) {
      unchanged += 1;
      continue;
    }
    changed.push({
      themeId: theme.themeId,
      label: theme.label,
      formerLabel: earlier.label !== theme.label ? earlier.label : null,
      before: earlier.size,
      after: theme.size,
      change: theme.size - earlier.size,
    });
  }
  changed.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || b.change - a.change || a.label.localeCompare(b.label));
  return { added, removed, changed, unchanged, ideaChange: to.ideaCount - from.ideaCount };
}
