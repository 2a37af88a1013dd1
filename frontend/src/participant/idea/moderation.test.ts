import { describe, expect, it } from "vitest";

import { commentDisplay, FLAG_NOTE_MAX, flagControl, flagNoteProblem } from "./moderation";

describe("flagControl", () => {
  const base = { authorId: "a", viewerId: "v", viewerFlagged: false, canAct: true };
  it("offers a Flag button on someone else's item", () => {
    expect(flagControl(base)).toEqual({ show: "button", disabled: false });
  });
  it("shows nothing on the viewer's own item, or with nobody signed in", () => {
    expect(flagControl({ ...base, viewerId: "a" })).toEqual({ show: "none" });
    expect(flagControl({ ...base, viewerId: undefined })).toEqual({ show: "none" });
  });
  it("says the viewer flagged it already", () => {
    expect(flagControl({ ...base, viewerFlagged: true })).toEqual({ show: "flagged" });
  });
  it("disables the button for a muted member or a jam not live", () => {
    expect(flagControl({ ...base, canAct: false })).toEqual({ show: "button", disabled: true });
  });
});

describe("flagNoteProblem", () => {
  it("requires a note for 'other' only", () => {
    expect(flagNoteProblem("OTHER", "  ")).toBe("REQUIRED");
    expect(flagNoteProblem("OTHER", "it is an advert")).toBeNull();
    expect(flagNoteProblem("SPAM", "")).toBeNull();
  });
  it("refuses a note over the limit", () => {
    expect(flagNoteProblem("SPAM", "x".repeat(FLAG_NOTE_MAX + 1))).toBe("TOO_LONG");
    expect(flagNoteProblem("SPAM", "x".repeat(FLAG_NOTE_MAX))).toBeNull();
  });
});

describe("commentDisplay", () => {
  const hidden = { hidden: true, body: "", author: { id: "a" }, hiddenNote: null };
  it("shows a visible comment as usual", () => {
    expect(commentDisplay({ ...hidden, hidden: false, body: "hi" }, "v", false)).toEqual({ kind: "visible" });
  });
  it("puts a placeholder in a hidden comment's place for others", () => {
    expect(commentDisplay(hidden, "v", false)).toEqual({ kind: "placeholder" });
    expect(commentDisplay(hidden, undefined, false)).toEqual({ kind: "placeholder" });
  });
  it("lets its author read it when told why", () => {
    const note = { reason: "rude", automatic: false };
    expect(commentDisplay({ ...hidden, body: "x", hiddenNote: note }, "a", false)).toEqual({
      kind: "hiddenWithBody",
      asModerator: false,
      note,
    });
    expect(commentDisplay(hidden, "a", false)).toEqual({ kind: "placeholder" });
  });
  it("lets moderators read it", () => {
    expect(commentDisplay({ ...hidden, body: "x" }, "m", true)).toMatchObject({ kind: "hiddenWithBody", asModerator: true });
  });
});
