/** Tags as the edit form takes them: one text field, comma-separated, checked against the
 * server's limits before sending (TAGS_MAX and TAG_MAX in jam/validation.py). */

export const TAGS_MAX = 10;
export const TAG_MAX = 40;

/** Trimmed, lowercased, spaces collapsed, duplicates and empty entries dropped (as the server
 * stores them). */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const raw of text.split(",")) {
    const tag = raw.trim().replace(/\s+/g, " ").toLowerCase();
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

export type TagProblem = "TOO_MANY" | "TOO_LONG" | null;

export function tagProblem(tags: readonly string[]): TagProblem {
  if (tags.length > TAGS_MAX) return "TOO_MANY";
  if (tags.some((tag) => tag.length > TAG_MAX)) return "TOO_LONG";
  return null;
}
