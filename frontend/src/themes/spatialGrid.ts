/** Which point is under the pointer, among tens of thousands: points are bucketed once into a
 * uniform grid over their bounds (a counting sort, two typed arrays), so a hit test looks at
 * the few cells around the pointer instead of every point. */
import type { Bounds } from "./viewport";

export interface SpatialGrid {
  bounds: Bounds;
  columns: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
  /** Points of cell c are cellItems[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Uint32Array;
  cellItems: Uint32Array;
}

/** About `perCell` points per cell on average, at most 1024 × 1024 cells. */
export function buildGrid(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  count: number,
  bounds: Bounds,
  perCell = 4,
): SpatialGrid {
  const side = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(count / perCell))));
  const spanX = Math.max(bounds.maxX - bounds.minX, 1e-9);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1e-9);
  const grid: SpatialGrid = {
    bounds,
    columns: side,
    rows: side,
    cellWidth: spanX / side,
    cellHeight: spanY / side,
    cellStart: new Uint32Array(side * side + 1),
    cellItems: new Uint32Array(count),
  };
  const cellOf = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const cell = cellIndex(grid, xs[i] as number, ys[i] as number);
    cellOf[i] = cell;
    grid.cellStart[cell + 1] = (grid.cellStart[cell + 1] as number) + 1;
  }
  for (let c = 0; c < side * side; c++) {
    grid.cellStart[c + 1] = (grid.cellStart[c + 1] as number) + (grid.cellStart[c] as number);
  }
  const fill = grid.cellStart.slice(0, side * side);
  for (let i = 0; i < count; i++) {
    const cell = cellOf[i] as number;
    grid.cellItems[fill[cell] as number] = i;
    fill[cell] = (fill[cell] as number) + 1;
  }
  return grid;
}

function column(grid: SpatialGrid, x: number): number {
  return Math.min(grid.columns - 1, Math.max(0, Math.floor((x - grid.bounds.minX) / grid.cellWidth)));
}

function row(grid: SpatialGrid, y: number): number {
  return Math.min(grid.rows - 1, Math.max(0, Math.floor((y - grid.bounds.minY) / grid.cellHeight)));
}

function cellIndex(grid: SpatialGrid, x: number, y: number): number {
  return row(grid, y) * grid.columns + column(grid, x);
}

/** The index of the point nearest (x, y) within `radius` (world units), or -1 (ties: the
 * higher index). */
export function nearestPoint(
  grid: SpatialGrid,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  x: number,
  y: number,
  radius: number,
): number {
  if (
    x < grid.bounds.minX - radius ||
    x > grid.bounds.maxX + radius ||
    y < grid.bounds.minY - radius ||
    y > grid.bounds.maxY + radius
  ) {
    return -1;
  }
  const c0 = column(grid, x - radius);
  const c1 = column(grid, x + radius);
  const r0 = row(grid, y - radius);
  const r1 = row(grid, y + radius);
  let best = -1;
  let bestDistance = radius * radius;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * grid.columns + c;
      const end = grid.cellStart[cell + 1] as number;
      for (let k = grid.cellStart[cell] as number; k < end; k++) {
        const i = grid.cellItems[k] as number;
        const dx = (xs[i] as number) - x;
        const dy = (ys[i] as number) - y;
        const distance = dx * dx + dy * dy;
        if (distance < bestDistance || (distance === bestDistance && i > best)) {
          best = i;
          bestDistance = distance;
        }
      }
    }
  }
  return best;
}
