/** The theme map's data: every idea as a point, fetched in pages and packed into typed arrays
 * for the canvas. The pages go through a client of their own with no cache: 46,000 points are
 * numbers to draw, not entities to normalise (graphcache would hold and re-read each one). */
import { Client, fetchExchange, type CombinedError, type OperationResult } from "urql";

import { ThemeMapPageDocument, type ThemeMapPageQuery } from "../gql/graphql";
import { boundsOf, type Bounds } from "./viewport";

/** Points per request: 4 fields × 5,000 = 20,000, under the server's 25,000 budget. */
export const MAP_PAGE_SIZE = 5000;
/** A jam of 1,000,000 ideas would still stop here (200 pages). */
const MAX_PAGES = 200;

type MapSnapshot = NonNullable<NonNullable<ThemeMapPageQuery["jam"]>["themes"]>;
export type MapPagePoint = MapSnapshot["map"]["points"][number];

/** What the renderer and the hit test need, one entry per idea. */
export interface MapPoints {
  count: number;
  ideaIds: string[];
  xs: Float32Array;
  ys: Float32Array;
  /** The point's theme as an index into the snapshot's themes (largest first), -1: none. */
  themeIndex: Int16Array;
  bounds: Bounds;
}

/** Pack points for drawing; `themeIds` in the snapshot's order (largest first). A theme id
 * the list does not know (a refit between two pages) counts as no theme. */
export function packPoints(points: readonly MapPagePoint[], themeIds: readonly number[]): MapPoints {
  const indexOf = new Map(themeIds.map((id, index) => [id, index]));
  const count = points.length;
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  const themeIndex = new Int16Array(count);
  const ideaIds: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const point = points[i] as MapPagePoint;
    xs[i] = point.x;
    ys[i] = point.y;
    ideaIds[i] = point.ideaId;
    themeIndex[i] = point.themeId == null ? -1 : (indexOf.get(point.themeId) ?? -1);
  }
  return { count, ideaIds, xs, ys, themeIndex, bounds: boundsOf(xs, ys, count) };
}

export function createMapClient(): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    requestPolicy: "network-only",
    // Plain JSON: urql's event-stream reader loses answers of this size ("No Content").
    fetchOptions: { credentials: "same-origin", headers: { accept: "application/graphql-response+json, application/json" } },
    exchanges: [fetchExchange],
  });
}

export type MapLoadResult =
  | { kind: "done"; points: MapPagePoint[] }
  | { kind: "error"; error: CombinedError }
  | { kind: "gone" }
  | { kind: "cancelled" };

/** Fetch every page of the jam's newest map, calling `onPage` with all points so far after
 * each page but the last (the result has them all). If the snapshot changes between two pages
 * (a refit), starts again once with the new one. */
export async function loadMapPoints(
  client: Client,
  slug: string,
  onPage: (points: MapPagePoint[], snapshotId: string) => void,
  isCancelled: () => boolean,
): Promise<MapLoadResult> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const points: MapPagePoint[] = [];
    let snapshotId: string | null = null;
    let after: string | null = null;
    let restarted = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result: OperationResult<ThemeMapPageQuery> = await client.query(ThemeMapPageDocument, { slug, first: MAP_PAGE_SIZE, after }).toPromise();
      if (isCancelled()) return { kind: "cancelled" };
      if (result.error) return { kind: "error", error: result.error };
      const snapshot: MapSnapshot | null | undefined = result.data?.jam?.themes;
      if (!snapshot) return { kind: "gone" };
      if (snapshotId !== null && snapshot.id !== snapshotId) {
        restarted = true;
        break;
      }
      snapshotId = snapshot.id;
      for (const point of snapshot.map.points) points.push(point);
      if (!snapshot.map.hasNextPage || !snapshot.map.endCursor) return { kind: "done", points };
      onPage(points, snapshot.id);
      after = snapshot.map.endCursor;
    }
    if (!restarted) return { kind: "done", points };
  }
  return { kind: "gone" };
}
