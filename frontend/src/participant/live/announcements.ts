/** Which announcement banners a page shows: those the page loaded (`Jam.announcements`, already
 * without the dismissed and retracted ones) and those posted live since, minus the ones
 * retracted or dismissed since, for the page's place (the jam's home: jam-wide ones only; a
 * forum or an idea page: jam-wide ones and that forum's), newest first, each once. */
import type { AnnouncementLevel } from "../../gql/graphql";

export interface BannerAnnouncement {
  id: string;
  level: AnnouncementLevel;
  body: string;
  /** null: for the whole jam. */
  forumId?: string | null;
  createdAt: string;
  retractedAt?: string | null;
  author: { id: string; displayName: string };
}

export interface BannerState {
  /** Posted while the page was open, newest last. */
  posted: readonly BannerAnnouncement[];
  /** Taken down by a moderator, or dismissed by the viewer, since the page loaded. */
  gone: ReadonlySet<string>;
}

export const NO_BANNER_CHANGES: BannerState = { posted: [], gone: new Set() };

export type BannerAction =
  | { kind: "posted"; announcement: BannerAnnouncement }
  | { kind: "retracted"; id: string }
  | { kind: "dismissed"; id: string }
  | { kind: "other" };

export function bannerReducer(state: BannerState, action: BannerAction): BannerState {
  switch (action.kind) {
    case "posted":
      if (state.posted.some((existing) => existing.id === action.announcement.id)) return state;
      return { ...state, posted: [...state.posted, action.announcement] };
    case "retracted":
    case "dismissed":
      if (state.gone.has(action.id)) return state;
      return { ...state, gone: new Set([...state.gone, action.id]) };
    default:
      return state;
  }
}

/** Whether a banner belongs on a page about `forumId` (null: the jam's home). */
export function showsOn(announcement: Pick<BannerAnnouncement, "forumId">, forumId: string | null): boolean {
  const own = announcement.forumId ?? null;
  return own === null || own === forumId;
}

function time(iso: string): number {
  return new Date(iso).getTime() || 0;
}

export function visibleBanners(
  loaded: readonly BannerAnnouncement[],
  state: BannerState,
  forumId: string | null,
): BannerAnnouncement[] {
  const byId = new Map<string, BannerAnnouncement>();
  for (const announcement of [...loaded, ...state.posted]) {
    if (byId.has(announcement.id) || state.gone.has(announcement.id)) continue;
    if (announcement.retractedAt || !showsOn(announcement, forumId)) continue;
    byId.set(announcement.id, announcement);
  }
  return [...byId.values()].sort((a, b) => time(b.createdAt) - time(a.createdAt) || (a.id < b.id ? 1 : -1));
}

/** A `jamActivity` result as a banner action, told apart by its (aliased) fields. */
export function bannerAction(event: object): BannerAction {
  if ("announcement" in event && event.announcement && typeof event.announcement === "object") {
    return { kind: "posted", announcement: event.announcement as BannerAnnouncement };
  }
  if ("announcementId" in event && typeof event.announcementId === "string") {
    return { kind: "retracted", id: event.announcementId };
  }
  return { kind: "other" };
}
