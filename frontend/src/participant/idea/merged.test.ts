import { describe, expect, it } from "vitest";

import { mergedFromState, mergeView } from "./merged";

const merged = { id: "5", title: "Solar", mergedInto: { id: "2", title: "Solar roofs" } };

describe("mergeView", () => {
  it("redirects when the idea was merged before it was opened", () => {
    expect(mergeView("green jam", merged, true)).toEqual({
      kind: "redirect",
      to: "/jams/green%20jam/ideas/2",
      state: { mergedFrom: { sourceTitle: "Solar" } },
    });
  });

  it("only tells, with a link, when it was merged while open", () => {
    expect(mergeView("g", merged, false)).toEqual({ kind: "notice", to: "/jams/g/ideas/2", title: "Solar roofs" });
  });

  it("does nothing for an idea that is not merged (or points at itself)", () => {
    expect(mergeView("g", { id: "5", title: "x", mergedInto: null }, true)).toEqual({ kind: "none" });
    expect(mergeView("g", { id: "5", title: "x", mergedInto: { id: "5", title: "x" } }, true)).toEqual({ kind: "none" });
  });
});

describe("mergedFromState", () => {
  it("reads the redirect's state and nothing else", () => {
    expect(mergedFromState({ mergedFrom: { sourceTitle: "Solar" } })).toEqual({ sourceTitle: "Solar" });
    expect(mergedFromState(null)).toBeNull();
    expect(mergedFromState({ mergedFrom: { sourceTitle: 3 } })).toBeNull();
    expect(mergedFromState("x")).toBeNull();
  });
});
