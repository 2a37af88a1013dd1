import { describe, expect, it } from "vitest";

import { formatCoordinate, formatPercent, formatSigned } from "./numbers";

describe("formatPercent", () => {
  it("says shares as percentages in the locale", () => {
    expect(formatPercent("en", 0.625)).toBe("63%");
    expect(formatPercent("fr", 0.5).replace(/\s/g, " ")).toBe("50 %");
    expect(formatPercent("en", 0.4567, 1)).toBe("45.7%");
  });
});

describe("formatSigned", () => {
  it("signs changes, not zero", () => {
    expect(formatSigned("en", 3)).toBe("+3");
    expect(formatSigned("en", -2)).toBe("-2");
    expect(formatSigned("en", 0)).toBe("0");
  });
});

describe("formatCoordinate", () => {
  it("keeps one decimal in the locale", () => {
    expect(formatCoordinate("en", -3.2122)).toBe("-3.2");
    expect(formatCoordinate("es", 1.25)).toBe("1,3");
  });
});
