import { describe, expect, it } from "vitest";

import { badgeText, isUnread, notificationHref, notificationLine, type NotificationLike } from "./messages";

const jam = { slug: "green jam", title: "Green Jam" };
const idea = { id: "5", title: "Solar roofs" };

function note(extra: Partial<NotificationLike> & Pick<NotificationLike, "kind">): NotificationLike {
  return { jam, idea, reason: null, readAt: null, comment: null, actor: null, ...extra };
}

describe("notificationLine", () => {
  it("tells a reply to the viewer's idea from one to their comment", () => {
    const actor = { displayName: "Ana" };
    expect(notificationLine(note({ kind: "REPLY", actor, comment: { id: "9", parentId: null } }))).toEqual({
      kind: "replyToIdea",
      name: "Ana",
      title: "Solar roofs",
    });
    expect(notificationLine(note({ kind: "REPLY", actor, comment: { id: "9", parentId: "8" } }))).toMatchObject({
      kind: "replyToComment",
    });
  });

  it("says what was hidden, with the moderator's reason or none (the flags hid it)", () => {
    expect(notificationLine(note({ kind: "ITEM_HIDDEN", reason: "Off topic" }))).toEqual({
      kind: "hidden",
      item: "idea",
      title: "Solar roofs",
      reason: "Off topic",
    });
    expect(notificationLine(note({ kind: "ITEM_HIDDEN", comment: { id: "3" } }))).toMatchObject({
      item: "comment",
      reason: null,
    });
    expect(notificationLine(note({ kind: "ITEM_HIDDEN", reason: "  " }))).toMatchObject({ reason: null });
  });

  it("says what was shown again", () => {
    expect(notificationLine(note({ kind: "ITEM_RESTORED", reason: "ok" }))).toMatchObject({ kind: "restored", item: "idea" });
  });

  it("names the jam of a mute and its end", () => {
    expect(notificationLine(note({ kind: "MUTED", idea: null, reason: "spam" }))).toEqual({
      kind: "muted",
      jam: "Green Jam",
      reason: "spam",
    });
    expect(notificationLine(note({ kind: "UNMUTED", idea: null }))).toEqual({ kind: "unmuted", jam: "Green Jam" });
  });
});

describe("notificationHref", () => {
  it("leads to the idea page, at the comment when there is one", () => {
    expect(notificationHref(note({ kind: "ITEM_RESTORED" }))).toBe("/jams/green%20jam/ideas/5");
    expect(notificationHref(note({ kind: "REPLY", comment: { id: "9" } }))).toBe("/jams/green%20jam/ideas/5#comment-9");
  });
  it("leads nowhere without an idea", () => {
    expect(notificationHref(note({ kind: "MUTED", idea: null }))).toBeNull();
  });
});

describe("isUnread and badgeText", () => {
  it("read is having a readAt", () => {
    expect(isUnread({ readAt: null })).toBe(true);
    expect(isUnread({ readAt: "2026-12-01T10:00:00Z" })).toBe(false);
  });
  it("caps the badge", () => {
    expect(badgeText(3)).toBe("3");
    expect(badgeText(120)).toBe("99+");
  });
});

describe("merges and announcements", () => {
  const merge = { id: "m7", target: { id: "2", title: "Solar for all" } };

  it("asks the author to answer a merge request, on the merge's page", () => {
    const request = note({ kind: "MERGE_REQUESTED", merge, reason: "Same idea" });
    expect(notificationLine(request)).toEqual({ kind: "mergeRequested", title: "Solar roofs", target: "Solar for all", reason: "Same idea" });
    expect(notificationHref(request)).toBe("/jams/green%20jam/merges/m7");
  });

  it("leads a done merge to the idea it went into", () => {
    const done = note({ kind: "MERGE_DONE", merge, idea: { id: "2", title: "Solar for all" } });
    expect(notificationLine(done)).toEqual({ kind: "mergeDone", target: "Solar for all" });
    expect(notificationHref(done)).toBe("/jams/green%20jam/ideas/2");
    expect(notificationHref(note({ kind: "MERGE_DONE", merge: null }))).toBe("/jams/green%20jam/ideas/5");
  });

  it("tells a moderator who declined, and leads to the merge's page", () => {
    const declined = note({ kind: "MERGE_DECLINED", merge, actor: { displayName: "Ana" }, reason: "Different" });
    expect(notificationLine(declined)).toEqual({ kind: "mergeDeclined", name: "Ana", title: "Solar roofs", reason: "Different" });
    expect(notificationHref(declined)).toBe("/jams/green%20jam/merges/m7");
    expect(notificationHref(note({ kind: "MERGE_DECLINED", merge: null }))).toBeNull();
  });

  it("shows an announcement's text, and leads nowhere", () => {
    const announcement = note({ kind: "ANNOUNCEMENT", idea: null, announcement: { body: "Break at 3", level: "IMPORTANT" } });
    expect(notificationLine(announcement)).toEqual({ kind: "announcement", jam: "Green Jam", body: "Break at 3", important: true });
    expect(notificationHref(announcement)).toBeNull();
  });
});
