/** The backing matrix's cells: a background colour for a share of support (red for opposed,
 * white for split half and half, blue for backed: a diverging scale that the common colour
 * vision deficiencies still tell apart) and a text colour that reads on it (WCAG AA, 4.5:1),
 * and what a cell's significance marks say. */
import { contrastRatio } from "../themes/palette";

/** The ends of the scale. Each keeps 4.5:1 with the page's ink, and every colour between it
 * and white is lighter still, so the ink reads on the whole scale. */
export const OPPOSED_COLOR = "#e07060";
export const NEUTRAL_COLOR = "#ffffff";
export const BACKED_COLOR = "#5b9bd5";
export const INK = "#1b1f24";

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** `a` moved `t` (0 to 1) of the way to `b`, channel by channel. */
export function mix(a: string, b: string, t: number): string {
  const [from, to] = [channels(a), channels(b)];
  const at = (i: 0 | 1 | 2) => from[i] + (to[i] - from[i]) * t;
  return toHex([at(0), at(1), at(2)]);
}

export interface CellColors {
  background: string;
  text: string;
}

/** The colours of a cell whose group agrees with the theme's ideas `support` of the time (0
 * to 1; outside that range it is clamped). */
export function supportColors(support: number): CellColors {
  const share = Math.min(1, Math.max(0, Number.isFinite(support) ? support : 0.5));
  const background =
    share < 0.5 ? mix(OPPOSED_COLOR, NEUTRAL_COLOR, share / 0.5) : mix(NEUTRAL_COLOR, BACKED_COLOR, (share - 0.5) / 0.5);
  return { background, text: INK };
}

/** The lowest contrast the scale gives its text (the tests hold it to 4.5). */
export function lowestContrast(steps = 100): number {
  let lowest = Infinity;
  for (let i = 0; i <= steps; i++) {
    const { background, text } = supportColors(i / steps);
    lowest = Math.min(lowest, contrastRatio(background, text));
  }
  return lowest;
}

export type Mark = "backs" | "opposes" | "differs";

/** The marks a cell carries, strongest first: more than half agree or disagree (significant),
 * and whether its support differs from everyone else's. */
export function cellMarks(cell: { backs: boolean; opposes: boolean; differs: boolean }): Mark[] {
  const marks: Mark[] = [];
  if (cell.backs) marks.push("backs");
  if (cell.opposes) marks.push("opposes");
  if (cell.differs) marks.push("differs");
  return marks;
}

/** The symbol shown for each mark (its meaning is said in words beside it, for screen readers,
 * and in the matrix's key). */
export const MARK_SYMBOLS: Record<Mark, string> = { backs: "▲", opposes: "▼", differs: "◆" };
