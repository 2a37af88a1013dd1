/** Opinion groups as people read them: a letter (the API numbers them 0, 1, … largest first)
 * and the theme map's colours (Okabe–Ito, at least 3:1 on the dark map panel). */
import { THEME_COLORS, UNTHEMED_COLOR } from "../themes/palette";

/** "A" for group 0, "B" for 1, … "Z", then "AA", "AB" … (there are at most five). */
export function groupLetter(group: number | string): string {
  let index = typeof group === "number" ? group : Number.parseInt(group, 10);
  if (!Number.isInteger(index) || index < 0) return String(group);
  let letters = "";
  do {
    letters = String.fromCharCode(65 + (index % 26)) + letters;
    index = Math.floor(index / 26) - 1;
  } while (index >= 0);
  return letters;
}

/** The group's colour on the map; people in no group (too few votes) are grey. */
export function groupColor(group: number | string | null | undefined): string {
  if (group === null || group === undefined) return UNTHEMED_COLOR;
  const index = typeof group === "number" ? group : Number.parseInt(group, 10);
  if (!Number.isInteger(index) || index < 0) return UNTHEMED_COLOR;
  return THEME_COLORS[index % THEME_COLORS.length] ?? UNTHEMED_COLOR;
}
