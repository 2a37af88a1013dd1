import { describe, expect, it } from "vitest";

import { mayAnalyse } from "./access";

describe("mayAnalyse", () => {
  it("lets analysts and administrators in, whatever the jam", () => {
    expect(mayAnalyse("ANALYST", false)).toBe(true);
    expect(mayAnalyse("ADMIN", false)).toBe(true);
  });
  it("lets the jam's moderators in", () => {
    expect(mayAnalyse("MEMBER", true)).toBe(true);
  });
  it("keeps other members and the signed-out out", () => {
    expect(mayAnalyse("MEMBER", false)).toBe(false);
    expect(mayAnalyse(null, false)).toBe(false);
  });
});
