/** Colours of the theme map. The points sit on a dark panel, so every colour keeps at least
 * 3:1 contrast with it (WCAG 1.4.11); the hues are Okabe & Ito's set, told apart with the
 * common colour-vision deficiencies. With more themes than colours they repeat, which is why
 * the legend can highlight one theme and each theme carries its number on the map. */

/** The map's background (the page's ink colour). */
export const MAP_BACKGROUND = "#1b1f24";

/** Okabe–Ito without black (invisible on the dark panel), in an order that keeps
 * neighbouring entries (the largest themes) far apart. */
export const THEME_COLORS: readonly string[] = [
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#009E73", // bluish green
  "#F0E442", // yellow
  "#CC79A7", // reddish purple
  "#0072B2", // blue
  "#D55E00", // vermillion
];

/** Ideas that fit no theme. */
export const UNTHEMED_COLOR = "#9aa0a6";

/** The colour of the theme at `index` in the snapshot's list (largest first); `null` or a
 * negative index: the unthemed grey. */
export function themeColor(index: number | null): string {
  if (index === null || index < 0) return UNTHEMED_COLOR;
  return THEME_COLORS[index % THEME_COLORS.length] ?? UNTHEMED_COLOR;
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2.1). */
export function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
