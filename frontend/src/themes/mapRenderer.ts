/** Draws the theme map on a 2-D canvas from plain arrays (no React, no data fetching), so the
 * benchmark and the page run the same code. Points of one colour go into one path of small
 * squares (one fill per colour, not per point); the whole scene is rendered into an offscreen
 * bitmap larger than the canvas, so a pan or zoom frame is a single drawImage and the points
 * are drawn again only once the map comes to rest. */
import { MAP_BACKGROUND, THEME_COLORS, UNTHEMED_COLOR } from "./palette";
import { toScreen, toWorld, type Size, type View } from "./viewport";

/** Points grouped for drawing: by colour, and within a colour by theme. */
export interface Scene {
  count: number;
  xs: Float32Array;
  ys: Float32Array;
  /** Point indices: group g is order[groupStart[g] .. groupStart[g + 1]). */
  order: Uint32Array;
  groupStart: Uint32Array;
  /** Group g's theme index (-1: no theme) and colour. Groups of one colour are adjacent. */
  groupTheme: Int16Array;
  groupColor: string[];
  /** Each theme's number drawn at its centre. */
  labels: SceneLabel[];
}

export interface SceneLabel {
  x: number;
  y: number;
  text: string;
}

export interface DrawOptions {
  /** Only this theme at full strength, the rest faded; null: all. */
  highlight: number | null;
  /** Multiplies the point size (the zoom level, damped). */
  zoom: number;
}

/** The colour of each group: unthemed first (drawn underneath), then the palette in order. */
export function buildScene(
  xs: Float32Array,
  ys: Float32Array,
  themeIndex: Int16Array,
  count: number,
  themeCount: number,
  labels: SceneLabel[] = [],
): Scene {
  const colors = THEME_COLORS.length;
  // Group key: unthemed → 0; theme t → 1 + (t % colors) * ceil(themeCount / colors) + ⌊t / colors⌋,
  // so all themes of one colour are adjacent groups.
  const perColor = Math.max(1, Math.ceil(themeCount / colors));
  const groups = 1 + colors * perColor;
  const keyOf = (theme: number) => (theme < 0 || theme >= themeCount ? 0 : 1 + (theme % colors) * perColor + Math.floor(theme / colors));
  const groupStart = new Uint32Array(groups + 1);
  const keys = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const key = keyOf(themeIndex[i] as number);
    keys[i] = key;
    groupStart[key + 1] = (groupStart[key + 1] as number) + 1;
  }
  for (let g = 0; g < groups; g++) groupStart[g + 1] = (groupStart[g + 1] as number) + (groupStart[g] as number);
  const order = new Uint32Array(count);
  const fill = groupStart.slice(0, groups);
  for (let i = 0; i < count; i++) {
    const key = keys[i] as number;
    order[fill[key] as number] = i;
    fill[key] = (fill[key] as number) + 1;
  }
  // Groups no theme fills (when the themes do not divide evenly among the colours) stay
  // empty; they keep their colour so that each colour's groups stay one run.
  const groupTheme = new Int16Array(groups).fill(-2);
  groupTheme[0] = -1;
  const groupColor: string[] = [UNTHEMED_COLOR];
  for (let g = 1; g < groups; g++) groupColor.push(THEME_COLORS[Math.floor((g - 1) / perColor)] as string);
  for (let t = 0; t < themeCount; t++) groupTheme[keyOf(t)] = t;
  return { count, xs, ys, order, groupStart, groupTheme, groupColor, labels };
}

/** The side of a point's square in CSS pixels: small when there are many. */
export function pointSize(count: number, zoom: number): number {
  const base = count > 20_000 ? 2 : count > 2_000 ? 3 : 6;
  return Math.min(base * Math.sqrt(Math.max(1, zoom)), 14);
}

/** Draw `scene` as seen through `view` on a context whose transform maps CSS pixels of a
 * canvas of `size` (already scaled by the device pixel ratio). Points off `size` are skipped. */
export function drawScene(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, scene: Scene, view: View, size: Size, options: DrawOptions): void {
  ctx.fillStyle = MAP_BACKGROUND;
  ctx.fillRect(0, 0, size.width, size.height);
  const side = pointSize(scene.count, options.zoom);
  const half = side / 2;
  const originX = size.width / 2 - view.centerX * view.scale;
  const originY = size.height / 2 + view.centerY * view.scale;
  const { xs, ys, order, groupStart, groupTheme, groupColor } = scene;
  const maxX = size.width + side;
  const maxY = size.height + side;
  const groups = groupColor.length;
  const passes = options.highlight === null ? [null] : ["faded", "highlight"];
  for (const pass of passes) {
    ctx.globalAlpha = pass === "faded" ? 0.22 : 1;
    let g = 0;
    while (g < groups) {
      const color = groupColor[g] as string;
      ctx.beginPath();
      let drawn = 0;
      // All adjacent groups of this colour go into one path.
      while (g < groups && groupColor[g] === color) {
        const inPass =
          pass === null || (pass === "highlight") === (groupTheme[g] === options.highlight);
        if (inPass) {
          const end = groupStart[g + 1] as number;
          for (let k = groupStart[g] as number; k < end; k++) {
            const i = order[k] as number;
            const sx = originX + (xs[i] as number) * view.scale;
            const sy = originY - (ys[i] as number) * view.scale;
            if (sx < -side || sy < -side || sx > maxX || sy > maxY) continue;
            ctx.rect(sx - half, sy - half, side, side);
            drawn++;
          }
        }
        g++;
      }
      if (drawn > 0) {
        ctx.fillStyle = color;
        ctx.fill();
      }
    }
  }
  ctx.globalAlpha = 1;
  drawLabels(ctx, scene.labels, view, size, options.highlight);
}

/** Each theme's number in a dark disc with a white ring, readable over any colour. */
function drawLabels(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  labels: SceneLabel[],
  view: View,
  size: Size,
  highlight: number | null,
): void {
  ctx.font = "bold 12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  labels.forEach((label, index) => {
    if (highlight !== null && highlight !== index) return;
    const radius = label.text.length > 1 ? 11 : 9;
    // Just above the theme's centre, so the number does not hide the points it names.
    const [sx, centreY] = toScreen(view, size, label.x, label.y);
    const sy = centreY - radius - 6;
    if (sx < -20 || sy < -20 || sx > size.width + 20 || sy > size.height + 20) return;
    ctx.beginPath();
    ctx.arc(sx, sy, radius, 0, Math.PI * 2);
    ctx.fillStyle = "rgba(27, 31, 36, 0.85)";
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.fillStyle = "#ffffff";
    ctx.fillText(label.text, sx, sy + 0.5);
  });
}

type Surface = HTMLCanvasElement | OffscreenCanvas;

function makeSurface(width: number, height: number): Surface {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** Keeps a visible canvas and its offscreen cache: `render` draws the points (slow, at rest),
 * `present` shows the cache moved and scaled to the current view (fast, every frame). */
export class MapPainter {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private cache: Surface | null = null;
  private cacheView: View | null = null;
  private cacheSize: Size = { width: 0, height: 0 };
  private margin = 0;
  size: Size = { width: 0, height: 0 };
  private ratio = 1;
  /** Milliseconds the last full render took. */
  lastRenderMs = 0;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const ctx = canvas.getContext("2d", { alpha: false });
    if (ctx === null) throw new Error("no 2d context");
    this.ctx = ctx;
  }

  /** The canvas's CSS size and the device pixel ratio (at most 2: sharper costs memory). */
  resize(width: number, height: number, devicePixelRatio: number): void {
    this.ratio = Math.min(Math.max(devicePixelRatio, 1), 2);
    this.size = { width, height };
    this.canvas.width = Math.round(width * this.ratio);
    this.canvas.height = Math.round(height * this.ratio);
    // A margin of the canvas's size on every side, within a 4096-pixel bitmap.
    const longest = Math.max(width, height) * this.ratio;
    this.margin = Math.max(0, Math.min(Math.max(width, height), (4096 - longest) / 2 / this.ratio));
    this.cache = null;
    this.cacheView = null;
  }

  /** Draw every point into the cache for `view`, then show it. */
  render(scene: Scene, view: View, options: DrawOptions): void {
    if (this.size.width === 0 || this.size.height === 0) return;
    const started = performance.now();
    const m = this.margin;
    const cacheSize = { width: this.size.width + 2 * m, height: this.size.height + 2 * m };
    const pixelWidth = Math.round(cacheSize.width * this.ratio);
    const pixelHeight = Math.round(cacheSize.height * this.ratio);
    if (this.cache === null || this.cache.width !== pixelWidth || this.cache.height !== pixelHeight) {
      this.cache = makeSurface(pixelWidth, pixelHeight);
    }
    const ctx = this.cache.getContext("2d", { alpha: false }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (ctx === null) return;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    drawScene(ctx, scene, view, cacheSize, options);
    this.cacheView = view;
    this.cacheSize = cacheSize;
    this.present(view);
    this.lastRenderMs = performance.now() - started;
  }

  /** Show the cache as `view` sees it. False when the cache does not cover the whole canvas
   * (panned past its margin) or is far off in scale: time for a `render`. */
  present(view: View): boolean {
    const ctx = this.ctx;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.fillStyle = MAP_BACKGROUND;
    ctx.fillRect(0, 0, this.size.width, this.size.height);
    if (this.cache === null || this.cacheView === null) return false;
    // Where the cache's top-left corner and its far corner land in the current view.
    const [worldLeft, worldTop] = toWorld(this.cacheView, this.cacheSize, 0, 0);
    const [left, top] = toScreen(view, this.size, worldLeft, worldTop);
    const factor = view.scale / this.cacheView.scale;
    const width = this.cacheSize.width * factor;
    const height = this.cacheSize.height * factor;
    ctx.imageSmoothingEnabled = factor < 1;
    ctx.drawImage(this.cache, left, top, width, height);
    const covers = left <= 0 && top <= 0 && left + width >= this.size.width && top + height >= this.size.height;
    return covers && factor > 0.5 && factor < 2;
  }

  /** A ring around a point (hovered, or nearest the keyboard cursor), over what is shown. */
  ring(view: View, x: number, y: number, count: number, zoom: number): void {
    const [sx, sy] = toScreen(view, this.size, x, y);
    const radius = pointSize(count, zoom) / 2 + 4;
    this.ctx.beginPath();
    this.ctx.arc(sx, sy, radius, 0, Math.PI * 2);
    this.ctx.lineWidth = 2;
    this.ctx.strokeStyle = "#ffffff";
    this.ctx.stroke();
  }

  /** The keyboard cursor: a cross at the canvas's centre. */
  crosshair(): void {
    const cx = this.size.width / 2;
    const cy = this.size.height / 2;
    const ctx = this.ctx;
    ctx.beginPath();
    ctx.moveTo(cx - 10, cy);
    ctx.lineTo(cx - 3, cy);
    ctx.moveTo(cx + 3, cy);
    ctx.lineTo(cx + 10, cy);
    ctx.moveTo(cx, cy - 10);
    ctx.lineTo(cx, cy - 3);
    ctx.moveTo(cx, cy + 3);
    ctx.lineTo(cx, cy + 10);
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  }
}
