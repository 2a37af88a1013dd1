import { describe, expect, it } from "vitest";

import { excerpt } from "./IdeaCard";

describe("excerpt", () => {
  it("keeps a short body whole, on one line", () => {
    expect(excerpt("Two\n\nlines  here")).toBe("Two lines here");
  });

  it("cuts a long body at a word, with an ellipsis", () => {
    const body = "word ".repeat(100);
    const short = excerpt(body, 42);
    expect(short.endsWith("word…")).toBe(true);
    expect(short.length).toBeLessThanOrEqual(43);
  });
});
