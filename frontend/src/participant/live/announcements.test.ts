import { describe, expect, it } from "vitest";

import {
  bannerAction,
  bannerReducer,
  NO_BANNER_CHANGES,
  showsOn,
  visibleBanners,
  type BannerAnnouncement,
  type BannerState,
} from "./announcements";

const author = { id: "m1", displayName: "Mo" };

function announcement(id: string, minute: number, extra: Partial<BannerAnnouncement> = {}): BannerAnnouncement {
  return {
    id,
    level: "INFO",
    body: `Body ${id}`,
    forumId: null,
    createdAt: `2026-12-01T15:${String(minute).padStart(2, "0")}:00+00:00`,
    retractedAt: null,
    author,
    ...extra,
  };
}

function after(...actions: Parameters<typeof bannerReducer>[1][]): BannerState {
  return actions.reduce(bannerReducer, NO_BANNER_CHANGES);
}

describe("visibleBanners", () => {
  it("lists the newest first", () => {
    const shown = visibleBanners([announcement("a", 1), announcement("b", 5), announcement("c", 3)], NO_BANNER_CHANGES, null);
    expect(shown.map((item) => item.id)).toEqual(["b", "c", "a"]);
  });

  it("shows jam-wide ones everywhere and a forum's only on that forum's pages", () => {
    const loaded = [announcement("jam", 1), announcement("f1", 2, { forumId: "f1" }), announcement("f2", 3, { forumId: "f2" })];
    expect(visibleBanners(loaded, NO_BANNER_CHANGES, null).map((item) => item.id)).toEqual(["jam"]);
    expect(visibleBanners(loaded, NO_BANNER_CHANGES, "f1").map((item) => item.id)).toEqual(["f1", "jam"]);
  });

  it("adds live ones once, before the loaded ones", () => {
    const state = after(
      { kind: "posted", announcement: announcement("new", 9) },
      { kind: "posted", announcement: announcement("new", 9) },
    );
    const shown = visibleBanners([announcement("old", 1), announcement("new", 9)], state, null);
    expect(shown.map((item) => item.id)).toEqual(["new", "old"]);
  });

  it("drops retracted and dismissed ones", () => {
    const state = after({ kind: "retracted", id: "a" }, { kind: "dismissed", id: "b" });
    const loaded = [announcement("a", 1), announcement("b", 2), announcement("c", 3), announcement("d", 4, { retractedAt: "x" })];
    expect(visibleBanners(loaded, state, null).map((item) => item.id)).toEqual(["c"]);
  });
});

describe("bannerReducer", () => {
  it("keeps the same state when nothing changes (no re-render)", () => {
    const state = after({ kind: "dismissed", id: "a" });
    expect(bannerReducer(state, { kind: "dismissed", id: "a" })).toBe(state);
    expect(bannerReducer(state, { kind: "other" })).toBe(state);
  });
});

describe("bannerAction", () => {
  it("tells a posted announcement, a retraction and anything else apart", () => {
    const posted = announcement("a", 1);
    expect(bannerAction({ position: "1", announcement: posted })).toEqual({ kind: "posted", announcement: posted });
    expect(bannerAction({ position: "2", announcementId: "a" })).toEqual({ kind: "retracted", id: "a" });
    expect(bannerAction({ position: "3", ideaId: "5" })).toEqual({ kind: "other" });
  });
});

describe("showsOn", () => {
  it("treats a missing forum as jam-wide", () => {
    expect(showsOn({}, "f1")).toBe(true);
    expect(showsOn({ forumId: "f2" }, "f1")).toBe(false);
  });
});
