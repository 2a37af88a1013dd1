import { describe, expect, it } from "vitest";

import { newKey } from "./draftKey";

describe("newKey", () => {
  it("is a UUID, different each time", () => {
    const first = newKey();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newKey()).not.toBe(first);
  });
});
