/** The opinion map's geometry: the API's clusters of people (x, y, how many, which group) laid
 * out in an SVG box at one scale for both axes (distances mean the same across and up), with
 * circles whose area follows the number of people, and each group's summary for the table
 * that stands in for the picture. */

export interface MapPoint {
  x: number;
  y: number;
  size: number;
  group: number | null;
}

export interface PlacedPoint extends MapPoint {
  cx: number;
  cy: number;
  r: number;
}

export interface MapLayout {
  width: number;
  height: number;
  /** Largest first, so that small circles are drawn over large ones. */
  points: PlacedPoint[];
  viewer: { cx: number; cy: number } | null;
  /** Where any other point of the data (a group's centre, say) goes at the same scale. */
  project(x: number, y: number): { cx: number; cy: number };
}

export interface LayoutOptions {
  width: number;
  height: number;
  /** Room kept free at the edges (at least the largest radius). */
  padding: number;
  minRadius: number;
  maxRadius: number;
}

export const MAP_OPTIONS: LayoutOptions = { width: 640, height: 400, padding: 28, minRadius: 4, maxRadius: 24 };

const round = (value: number) => Math.round(value * 10) / 10;

export function layoutMap(
  points: readonly MapPoint[],
  viewer: { x: number; y: number } | null | undefined,
  options: LayoutOptions = MAP_OPTIONS,
): MapLayout {
  const { width, height, padding, minRadius, maxRadius } = options;
  const all = viewer ? [...points, viewer] : [...points];
  if (all.length === 0) return { width, height, points: [], viewer: null, project: () => ({ cx: width / 2, cy: height / 2 }) };
  const xs = all.map((point) => point.x);
  const ys = all.map((point) => point.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  // Up on the map is up in the data: SVG's y grows downwards.
  const place = (x: number, y: number) => ({ cx: round(width / 2 + (x - midX) * scale), cy: round(height / 2 - (y - midY) * scale) });
  const largest = Math.max(1, ...points.map((point) => point.size));
  const placed = points
    .map((point) => ({
      ...point,
      ...place(point.x, point.y),
      r: round(Math.max(minRadius, maxRadius * Math.sqrt(point.size / largest))),
    }))
    .sort((a, b) => b.size - a.size);
  return { width, height, points: placed, viewer: viewer ? place(viewer.x, viewer.y) : null, project: place };
}

export interface GroupSummary {
  /** null: people not placed in any group. */
  group: number | null;
  people: number;
  clusters: number;
  /** Where the group's people are on average (weighted by cluster size). */
  x: number;
  y: number;
}

/** One line per group (by number, people in no group last). */
export function groupSummaries(points: readonly MapPoint[]): GroupSummary[] {
  const byGroup = new Map<number | null, { people: number; clusters: number; sumX: number; sumY: number }>();
  for (const point of points) {
    const summary = byGroup.get(point.group) ?? { people: 0, clusters: 0, sumX: 0, sumY: 0 };
    summary.people += point.size;
    summary.clusters += 1;
    summary.sumX += point.x * point.size;
    summary.sumY += point.y * point.size;
    byGroup.set(point.group, summary);
  }
  return [...byGroup.entries()]
    .map(([group, { people, clusters, sumX, sumY }]) => ({
      group,
      people,
      clusters,
      x: people ? sumX / people : 0,
      y: people ? sumY / people : 0,
    }))
    .sort((a, b) => (a.group ?? Infinity) - (b.group ?? Infinity));
}

/** The map's clusters for its table: by group (no group last), the largest first. */
export function clustersForTable(points: readonly MapPoint[]): MapPoint[] {
  return [...points].sort((a, b) => (a.group ?? Infinity) - (b.group ?? Infinity) || b.size - a.size);
}
