import { describe, expect, it } from "vitest";

import { formatDuration, formatRelative } from "./format";

describe("formatRelative", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");

  it("uses the largest whole unit", () => {
    expect(formatRelative("en", "2026-12-01T15:00:00Z", now)).toBe("in 3 hours");
    expect(formatRelative("en", "2026-11-29T12:00:00Z", now)).toBe("2 days ago");
  });

  it("speaks the locale", () => {
    expect(formatRelative("es", "2026-12-01T11:55:00Z", now)).toBe("hace 5 minutos");
    expect(formatRelative("fr", "2026-12-02T12:00:00Z", now)).toBe("demain");
  });
});

describe("formatDuration", () => {
  it("shows days and hours, or hours and minutes", () => {
    expect(formatDuration("en", (26 * 60 + 5) * 60_000)).toBe("1 day 2 hr");
    expect(formatDuration("en", 125 * 60_000)).toBe("2 hr 5 min");
    expect(formatDuration("en", -5)).toBe("0 min");
  });
});
