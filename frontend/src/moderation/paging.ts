/** Cursor pages of a connection, appended by "Load more": the pure parts (merging a page,
 * how many to ask for when the list is fetched again, reading a refusal). */
import type { CombinedError } from "urql";

/** The server refuses pages larger than this. */
export const PAGE_MAX = 100;

/** The nodes loaded so far and a new page, without a node twice (a node that moved between
 * pages while they were read). */
export function appendPage<Node>(loaded: readonly Node[], page: readonly Node[], keyOf: (node: Node) => string): Node[] {
  const seen = new Set(loaded.map(keyOf));
  return [...loaded, ...page.filter((node) => !seen.has(keyOf(node)))];
}

/** Fetching the list again (after a decision, a live event): as many as were shown, so the
 * view does not shrink back to one page, within what the server allows. */
export function reloadSize(shown: number, pageSize: number): number {
  return Math.min(PAGE_MAX, Math.max(pageSize, shown));
}

/** Whether the API refused the request because the viewer may not moderate this jam. */
export function isForbidden(error: CombinedError | null | undefined): boolean {
  return error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === "FORBIDDEN") ?? false;
}
