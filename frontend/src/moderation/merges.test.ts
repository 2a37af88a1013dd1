import { i18n } from "@lingui/core";
import { describe, expect, it } from "vitest";

import { messagesOf } from "../app/i18n";
import { cleanNote, deadlinePassed, formatScore, MERGE_STATUSES, mergeActions, mergeConflict, pairKey, statusLabel, swapDirection } from "./merges";

const NOW = Date.parse("2026-05-01T12:00:00Z");
const BEFORE = "2026-05-01T11:00:00Z";
const AFTER = "2026-05-01T13:00:00Z";

describe("formatScore", () => {
  it("shows a score as a whole percentage in the locale", () => {
    expect(formatScore("en", 0.843)).toBe("84%");
    expect(formatScore("fr", 0.843).replace(/\s/g, " ")).toBe("84 %");
    expect(formatScore("es", 0.5).replace(/\s/g, " ")).toBe("50 %");
  });
  it("never rounds a near-match up to 100 %", () => {
    expect(formatScore("en", 0.999)).toBe("99%");
    expect(formatScore("en", 1)).toBe("100%");
  });
  it("keeps odd scores within 0–100 %", () => {
    expect(formatScore("en", 1.7)).toBe("100%");
    expect(formatScore("en", -0.2)).toBe("0%");
    expect(formatScore("en", Number.NaN)).toBe("0%");
  });
});

describe("mergeActions", () => {
  it("offers only withdrawing while the author may still answer", () => {
    expect(mergeActions({ status: "PENDING", deadline: AFTER }, NOW)).toEqual(["withdraw"]);
  });
  it("offers merging or dropping once the deadline passed unanswered", () => {
    expect(mergeActions({ status: "PENDING", deadline: BEFORE }, NOW)).toEqual(["mergeNow", "drop"]);
    expect(mergeActions({ status: "PENDING", deadline: new Date(NOW).toISOString() }, NOW)).toEqual(["mergeNow", "drop"]);
  });
  it("offers undoing a merge that was done", () => {
    expect(mergeActions({ status: "MERGED", deadline: BEFORE }, NOW)).toEqual(["undo"]);
  });
  it("offers nothing for a proposal that is over", () => {
    for (const status of ["DECLINED", "CANCELLED", "UNMERGED"] as const) {
      expect(mergeActions({ status, deadline: BEFORE }, NOW)).toEqual([]);
      expect(mergeActions({ status, deadline: AFTER }, NOW)).toEqual([]);
    }
  });
});

describe("deadlinePassed", () => {
  it("is true only for a waiting proposal past its deadline", () => {
    expect(deadlinePassed({ status: "PENDING", deadline: BEFORE }, NOW)).toBe(true);
    expect(deadlinePassed({ status: "PENDING", deadline: AFTER }, NOW)).toBe(false);
    expect(deadlinePassed({ status: "MERGED", deadline: BEFORE }, NOW)).toBe(false);
    expect(deadlinePassed({ status: "DECLINED", deadline: BEFORE }, NOW)).toBe(false);
  });
});

describe("swapDirection", () => {
  it("keeps the other idea", () => {
    const a = { id: "1", title: "A" };
    const b = { id: "2", title: "B" };
    expect(swapDirection({ source: a, target: b })).toEqual({ source: b, target: a });
  });
  it("twice gives the pair as it was", () => {
    const pair = { source: "new", target: "old" };
    expect(swapDirection(swapDirection(pair))).toEqual(pair);
  });
});

describe("cleanNote", () => {
  it("trims the note and sends nothing for an empty one", () => {
    expect(cleanNote("  same idea  ")).toBe("same idea");
    expect(cleanNote("   ")).toBeNull();
  });
});

describe("statusLabel", () => {
  it("labels every status in the person's language", async () => {
    i18n.loadAndActivate({ locale: "en", messages: await messagesOf("en") });
    expect(statusLabel(i18n, "CANCELLED")).toBe("Withdrawn");
    const english = MERGE_STATUSES.map((status) => statusLabel(i18n, status));
    expect(new Set(english).size).toBe(MERGE_STATUSES.length);
    i18n.loadAndActivate({ locale: "fr", messages: await messagesOf("fr") });
    expect(statusLabel(i18n, "CANCELLED")).not.toBe("Withdrawn");
  });
});

describe("mergeConflict", () => {
  it("tells the API's refusals apart by their code and field", () => {
    expect(mergeConflict({ code: "MERGE_PENDING", field: "sourceId" }, "propose")).toBe("waiting");
    expect(mergeConflict({ code: "AWAITING_AUTHOR", field: "mergeId" }, "decide")).toBe("deadline");
    expect(mergeConflict({ code: "ALREADY_MERGED", field: "sourceId" }, "propose")).toBe("merged");
    expect(mergeConflict({ code: "ALREADY_MERGED", field: "targetId" }, "propose")).toBe("mergedAway");
    expect(mergeConflict({ code: "CONFLICT", field: "mergeId" }, "decide")).toBe("notWaiting");
    expect(mergeConflict({ code: "CONFLICT", field: "mergeId" }, "undo")).toBe("notMerged");
    expect(mergeConflict({ code: "FORBIDDEN", field: "sourceId" }, "propose")).toBeNull();
  });
});

describe("pairKey", () => {
  it("is the same for a pair either way round, and differs between pairs", () => {
    expect(pairKey("4", "17")).toBe(pairKey("17", "4"));
    expect(pairKey("4", "17")).not.toBe(pairKey("4", "18"));
  });
});
