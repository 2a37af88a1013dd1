/** Tags as typed in the post form ("energy, Remote work , energy") turned into what the server
 * keeps, with the server's limits checked before sending (jam/validation.py `tags`). */
import { normaliseTag } from "./urlState";

export const TAGS_MAX = 10;
export const TAG_MAX = 40;
export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;

/** Comma-separated text → normalised tags, empty pieces dropped, duplicates once (first kept). */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const piece of text.split(",")) {
    const tag = normaliseTag(piece);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

export type TagProblem = { kind: "too-many"; count: number } | { kind: "too-long"; tag: string };

/** The first reason the server would refuse these tags, or null. */
export function tagProblem(tags: readonly string[]): TagProblem | null {
  const long = tags.find((tag) => tag.length > TAG_MAX);
  if (long !== undefined) return { kind: "too-long", tag: long };
  if (tags.length > TAGS_MAX) return { kind: "too-many", count: tags.length };
  return null;
}

/** The text sent for "similar ideas": title and body together, or null while too short to mean much. */
export const SIMILAR_MIN = 12;
export function similarText(title: string, body: string): string | null {
  const text = `${title.trim()}\n${body.trim()}`.trim();
  return text.length >= SIMILAR_MIN ? text.slice(0, TITLE_MAX + BODY_MAX) : null;
}
