/** The forum page's view (sort, text search, tag filter, editorial label filter) lives in the
 * address (?sort=top&q=…&tag=…&label=best) so a reload, a shared link and the back button show
 * the same list. */
import type { EditorialLabel, IdeaSort } from "../../gql/graphql";
import { parseLabel } from "./labels";

export const SORTS = ["NEW", "TOP", "HOT", "RELEVANCE"] as const satisfies readonly IdeaSort[];

/** The sort orders offered: best match first only ranks a search's results. */
export function sortsFor(search: string): readonly IdeaSort[] {
  return search.trim() ? SORTS : SORTS.filter((sort) => sort !== "RELEVANCE");
}

/** A view with a new search: without one, "best match" has nothing to rank and becomes newest. */
export function withSearch(view: ForumView, search: string): ForumView {
  const sort = view.sort === "RELEVANCE" && !search.trim() ? "NEW" : view.sort;
  return { ...view, search, sort };
}
/** The server refuses longer searches (jam/validation.py SEARCH_MAX). */
export const SEARCH_MAX = 200;

export interface ForumView {
  sort: IdeaSort;
  /** Trimmed text search; "" for none. */
  search: string;
  /** Normalised tag (lowercase, single spaces); "" for none. */
  tag: string;
  /** Only ideas a moderator labelled so; "" for all. */
  label: EditorialLabel | "";
}

export function normaliseTag(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, " ");
}

export function parseForumView(params: URLSearchParams): ForumView {
  const sort = (params.get("sort") ?? "").toUpperCase();
  const search = (params.get("q") ?? "").trim().slice(0, SEARCH_MAX);
  return {
    sort: (sortsFor(search) as readonly string[]).includes(sort) ? (sort as IdeaSort) : "NEW",
    search,
    tag: normaliseTag(params.get("tag") ?? ""),
    label: parseLabel(params.get("label")),
  };
}

/** The query string for a view: defaults left out, so the plain forum address is the default view. */
export function forumViewSearch(view: ForumView): string {
  const params = new URLSearchParams();
  if (view.sort !== "NEW") params.set("sort", view.sort.toLowerCase());
  const search = view.search.trim();
  if (search) params.set("q", search);
  const tag = normaliseTag(view.tag);
  if (tag) params.set("tag", tag);
  if (view.label) params.set("label", view.label.toLowerCase());
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Same list, whatever the spelling of the address. */
export function viewKey(view: ForumView): string {
  return `${view.sort}\u0000${view.search}\u0000${view.tag}\u0000${view.label}`;
}
