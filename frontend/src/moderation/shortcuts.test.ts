import { describe, expect, it } from "vitest";

import { moveFocus, queueCommandFor, SHORTCUTS } from "./shortcuts";

const press = (key: string, more: Partial<Parameters<typeof queueCommandFor>[0]> = {}) =>
  queueCommandFor({ key, inTextField: false, ...more });

describe("the queue's shortcuts", () => {
  it("map j, k, x, e, h, r and ? to their commands", () => {
    expect(["j", "k", "x", "e", "h", "r", "?"].map((key) => press(key))).toEqual([
      "next",
      "previous",
      "select",
      "keep",
      "hide",
      "restore",
      "help",
    ]);
  });

  it("ignore other keys and capitals", () => {
    expect(press("a")).toBeNull();
    expect(press("J")).toBeNull();
    expect(press("Enter")).toBeNull();
  });

  it("do nothing while typing in a text field", () => {
    expect(press("h", { inTextField: true })).toBeNull();
    expect(press("?", { inTextField: true })).toBeNull();
  });

  it("leave Ctrl, Alt and Meta combinations to the browser", () => {
    expect(press("r", { ctrlKey: true })).toBeNull();
    expect(press("k", { metaKey: true })).toBeNull();
    expect(press("e", { altKey: true })).toBeNull();
  });

  it("list each key once", () => {
    expect(new Set(SHORTCUTS.map((shortcut) => shortcut.key)).size).toBe(SHORTCUTS.length);
  });
});

describe("moving through the queue", () => {
  it("starts at the first item", () => {
    expect(moveFocus(null, 3, "next")).toBe(0);
    expect(moveFocus(null, 3, "previous")).toBe(0);
  });
  it("steps and stops at the ends", () => {
    expect(moveFocus(0, 3, "next")).toBe(1);
    expect(moveFocus(2, 3, "next")).toBe(2);
    expect(moveFocus(0, 3, "previous")).toBe(0);
    expect(moveFocus(2, 3, "previous")).toBe(1);
  });
  it("goes nowhere in an empty queue", () => {
    expect(moveFocus(null, 0, "next")).toBeNull();
    expect(moveFocus(4, 0, "previous")).toBeNull();
  });
  it("stays inside a list that got shorter", () => {
    expect(moveFocus(7, 3, "next")).toBe(2);
  });
});
