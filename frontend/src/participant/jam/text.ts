/** A jam's description as plain text: paragraphs (blank lines between them) for the jam's
 * page, a short excerpt for the list. Never HTML: the result is rendered as React text. */

export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}

/** The first paragraph, cut at a word boundary to at most `max` characters (with "…"). */
export function excerpt(text: string, max: number = 200): string {
  const first = (paragraphs(text)[0] ?? "").replace(/\s+/g, " ");
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}
