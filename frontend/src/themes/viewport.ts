/** The map's camera: which part of the ideas' 2-D space the canvas shows. Pure math (world
 * coordinates ↔ canvas pixels, fit, zoom about a point, pan, limits) so it is unit-tested
 * without a browser. Canvas pixels here are CSS pixels; the renderer scales by the device
 * pixel ratio. Screen y grows downwards, world y upwards (north is up, as on a map). */

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface View {
  /** The world point at the centre of the canvas. */
  centerX: number;
  centerY: number;
  /** Canvas pixels per world unit. */
  scale: number;
}

export interface Size {
  width: number;
  height: number;
}

/** How far one may zoom out and in, relative to the view that fits everything. */
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 64;

export function boundsOf(xs: ArrayLike<number>, ys: ArrayLike<number>, count = xs.length): Bounds {
  if (count === 0) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** The view that shows all of `bounds` with `padding` canvas pixels around it (room for the
 * theme numbers drawn above the topmost points). */
export function fitView(bounds: Bounds, size: Size, padding = 36): View {
  const spanX = Math.max(bounds.maxX - bounds.minX, 1e-9);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1e-9);
  const usableWidth = Math.max(size.width - 2 * padding, 1);
  const usableHeight = Math.max(size.height - 2 * padding, 1);
  return {
    centerX: (bounds.minX + bounds.maxX) / 2,
    centerY: (bounds.minY + bounds.maxY) / 2,
    scale: Math.min(usableWidth / spanX, usableHeight / spanY),
  };
}

export function toScreen(view: View, size: Size, x: number, y: number): [number, number] {
  return [size.width / 2 + (x - view.centerX) * view.scale, size.height / 2 - (y - view.centerY) * view.scale];
}

export function toWorld(view: View, size: Size, sx: number, sy: number): [number, number] {
  return [view.centerX + (sx - size.width / 2) / view.scale, view.centerY - (sy - size.height / 2) / view.scale];
}

/** Move the map by (dx, dy) canvas pixels (dragging right moves the content right). */
export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, centerX: view.centerX - dx / view.scale, centerY: view.centerY + dy / view.scale };
}

/** Zoom by `factor` keeping the world point under canvas pixel (sx, sy) where it is. The
 * scale stays within [MIN_ZOOM, MAX_ZOOM] × `fitScale`. */
export function zoomAt(view: View, size: Size, factor: number, sx: number, sy: number, fitScale: number): View {
  const scale = clamp(view.scale * factor, fitScale * MIN_ZOOM, fitScale * MAX_ZOOM);
  const [wx, wy] = toWorld(view, size, sx, sy);
  return {
    scale,
    centerX: wx - (sx - size.width / 2) / scale,
    centerY: wy + (sy - size.height / 2) / scale,
  };
}

/** Keep the centre over the ideas, so the map cannot be lost off-screen. */
export function clampToBounds(view: View, bounds: Bounds): View {
  return {
    ...view,
    centerX: clamp(view.centerX, bounds.minX, bounds.maxX),
    centerY: clamp(view.centerY, bounds.minY, bounds.maxY),
  };
}

/** The zoom level relative to the fitted view (1 = everything visible). */
export function zoomLevel(view: View, fitScale: number): number {
  return view.scale / fitScale;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
