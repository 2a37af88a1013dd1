import { describe, expect, it } from "vitest";

import { keepListed, selectedInOrder, selectionState, toggle, toggleAll } from "./selection";

const ids = ["idea:1", "comment:2", "idea:3"];

describe("the queue's selection", () => {
  it("toggles one item", () => {
    const one = toggle(new Set(), "idea:1");
    expect([...one]).toEqual(["idea:1"]);
    expect([...toggle(one, "idea:1")]).toEqual([]);
  });

  it("selects all on the page, then clears them", () => {
    const all = toggleAll(new Set(["idea:1"]), ids);
    expect(selectionState(all, ids)).toBe("all");
    expect(selectionState(toggleAll(all, ids), ids)).toBe("none");
  });

  it("says when some are selected", () => {
    expect(selectionState(new Set(["comment:2"]), ids)).toBe("some");
    expect(selectionState(new Set(), ids)).toBe("none");
    expect(selectionState(new Set(), [])).toBe("none");
  });

  it("forgets items that left the list, and keeps the same set otherwise", () => {
    const selection = new Set(["idea:1", "idea:3"]);
    expect([...keepListed(selection, ["idea:3"])]).toEqual(["idea:3"]);
    expect(keepListed(selection, ids)).toBe(selection);
  });

  it("gives the selected ids in list order", () => {
    expect(selectedInOrder(new Set(["idea:3", "idea:1"]), ids)).toEqual(["idea:1", "idea:3"]);
  });
});
