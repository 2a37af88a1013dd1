import { describe, expect, it } from "vitest";

import { phaseAt, readClock, untilNextPhase, type JamTimes } from "./clock";
import { excerpt, paragraphs } from "./text";

const startsAt = "2026-12-01T12:00:00Z";
const endsAt = "2026-12-03T12:00:00Z";
const at = (iso: string) => Date.parse(iso);
const jam = (phase: JamTimes["phase"]): JamTimes => ({ phase, startsAt, endsAt });

describe("the jam's phase by the clock", () => {
  it("keeps the server's phase between boundaries", () => {
    expect(phaseAt(jam("SCHEDULED"), at("2026-12-01T09:00:00Z"))).toBe("SCHEDULED");
    expect(phaseAt(jam("LIVE"), at("2026-12-02T09:00:00Z"))).toBe("LIVE");
    expect(phaseAt(jam("CLOSED"), at("2026-12-04T09:00:00Z"))).toBe("CLOSED");
  });

  it("opens at startsAt and closes at endsAt by itself", () => {
    expect(phaseAt(jam("SCHEDULED"), at(startsAt))).toBe("LIVE");
    expect(phaseAt(jam("LIVE"), at(endsAt))).toBe("CLOSED");
    expect(phaseAt(jam("SCHEDULED"), at("2026-12-05T00:00:00Z"))).toBe("CLOSED");
  });

  it("believes a jam closed early by a moderator, and a live one a little before startsAt (clock skew)", () => {
    expect(phaseAt(jam("CLOSED"), at("2026-12-02T09:00:00Z"))).toBe("CLOSED");
    expect(phaseAt(jam("LIVE"), at("2026-12-01T11:59:50Z"))).toBe("LIVE");
  });
});

describe("what the clock reads", () => {
  it("counts down to the opening, then to the end", () => {
    expect(readClock(jam("SCHEDULED"), at("2026-12-01T09:50:00Z"))).toEqual({
      phase: "SCHEDULED",
      remaining: (2 * 60 + 10) * 60_000,
      at: startsAt,
    });
    expect(readClock(jam("LIVE"), at("2026-12-02T09:00:00Z"))).toEqual({
      phase: "LIVE",
      remaining: 27 * 3_600_000,
      at: endsAt,
    });
  });

  it("says when a closed jam ended", () => {
    expect(readClock(jam("CLOSED"), at("2026-12-09T00:00:00Z"))).toEqual({ phase: "CLOSED", at: endsAt });
  });

  it("never counts below zero", () => {
    expect(readClock(jam("LIVE"), at("2026-12-01T11:00:00Z"))).toMatchObject({ remaining: 49 * 3_600_000 });
  });
});

describe("when to refetch the jam", () => {
  it("at the next boundary", () => {
    expect(untilNextPhase(jam("SCHEDULED"), at("2026-12-01T11:59:00Z"))).toBe(60_000);
    expect(untilNextPhase(jam("LIVE"), at("2026-12-03T11:00:00Z"))).toBe(3_600_000);
  });

  it("at once when the server's phase is out of date, never for a closed jam", () => {
    expect(untilNextPhase(jam("SCHEDULED"), at("2026-12-01T12:00:01Z"))).toBe(0);
    expect(untilNextPhase(jam("LIVE"), at("2026-12-03T12:00:00Z"))).toBe(0);
    expect(untilNextPhase(jam("CLOSED"), at("2026-12-09T00:00:00Z"))).toBeNull();
  });
});

describe("a jam's description", () => {
  it("splits into paragraphs at blank lines", () => {
    expect(paragraphs("One\nstill one\n\n  Two  \n \n\nThree")).toEqual(["One\nstill one", "Two", "Three"]);
    expect(paragraphs("   ")).toEqual([]);
  });

  it("is cut at a word for the list", () => {
    expect(excerpt("Short one.\n\nSecond paragraph.")).toBe("Short one.");
    const long = "word ".repeat(60);
    const cut = excerpt(long, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith("word…")).toBe(true);
  });
});
