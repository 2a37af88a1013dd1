/** An idea's comments as the page shows them: a thread at most THREAD_DEPTH levels deep
 * (the query asks that far), top-level comments in the chosen order and replies oldest first
 * (a conversation reads down), and where a reply to a comment goes. */

export type CommentOrder = "OLDEST" | "NEWEST";

/** Levels the page asks for and shows: a comment, its replies, their replies. */
export const THREAD_DEPTH = 3;

export interface CommentData {
  id: string;
  body: string;
  createdAt: string;
  parentId: string | null;
  author: { id: string; displayName: string };
  /** Moderation (absent: visible, not flagged by the viewer). */
  hidden?: boolean;
  viewerFlagged?: boolean;
  hiddenNote?: { reason?: string | null; automatic: boolean } | null;
  /** Came with a merge from this idea (absent: written here). */
  movedFromIdeaId?: string | null;
  replies?: readonly CommentData[];
}

export interface ThreadComment {
  id: string;
  body: string;
  createdAt: string;
  parentId: string | null;
  author: { id: string; displayName: string };
  hidden: boolean;
  viewerFlagged: boolean;
  hiddenNote: { reason?: string | null; automatic: boolean } | null;
  /** Moved here from a merged idea. */
  moved: boolean;
  /** 1 for a top-level comment. */
  depth: number;
  replies: ThreadComment[];
}

function byTime(order: CommentOrder) {
  const sign = order === "OLDEST" ? 1 : -1;
  return (a: { at: number; index: number }, b: { at: number; index: number }) =>
    sign * (a.at - b.at || a.index - b.index);
}

/** `comments` sorted by creation time (ties keep the server's order, reversed for newest). */
export function sortComments<T extends { createdAt: string }>(comments: readonly T[], order: CommentOrder): T[] {
  return comments
    .map((comment, index) => ({ comment, index, at: new Date(comment.createdAt).getTime() || 0 }))
    .sort(byTime(order))
    .map(({ comment }) => comment);
}

/** The thread to show: top level in `order`, replies oldest first, nothing below THREAD_DEPTH. */
export function buildThread(comments: readonly CommentData[], order: CommentOrder, depth = 1): ThreadComment[] {
  if (depth > THREAD_DEPTH) return [];
  return sortComments(comments, depth === 1 ? order : "OLDEST").map((comment) => ({
    id: comment.id,
    body: comment.body,
    createdAt: comment.createdAt,
    parentId: comment.parentId,
    author: comment.author,
    hidden: comment.hidden ?? false,
    viewerFlagged: comment.viewerFlagged ?? false,
    hiddenNote: comment.hiddenNote ?? null,
    moved: Boolean(comment.movedFromIdeaId),
    depth,
    replies: buildThread(comment.replies ?? [], order, depth + 1),
  }));
}

/** The comment a reply to `comment` is filed under: the comment itself, or at the deepest level
 * shown its parent (the reply joins that thread rather than vanishing below the view). */
export function replyParentId(comment: Pick<ThreadComment, "id" | "parentId" | "depth">): string {
  return comment.depth >= THREAD_DEPTH && comment.parentId ? comment.parentId : comment.id;
}

/** Every comment in the thread (for counting what is shown). */
export function countThread(thread: readonly ThreadComment[]): number {
  return thread.reduce((total, comment) => total + 1 + countThread(comment.replies), 0);
}

/** An idea body or comment as paragraphs: blank lines separate them; single line breaks stay
 * inside a paragraph (shown with `white-space: pre-line`). */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n(?:[ \t]*\n)+/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ""))
    .filter((paragraph) => paragraph.trim() !== "");
}
