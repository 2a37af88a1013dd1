import { describe, expect, it } from "vitest";

import { safeNext } from "./SignInPage";

describe("safeNext", () => {
  it("keeps paths of this site", () => {
    expect(safeNext("/jams/demo?x=1")).toBe("/jams/demo?x=1");
  });

  it("refuses other sites and odd schemes", () => {
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("javascript:alert(1)")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
