import { describe, expect, it } from "vitest";

import { countEvent, type Changes } from "./live";

const none: Changes = { opinions: 0, themes: 0, connectors: 0 };
const base = { position: "1", at: "2026-12-01T00:00:00Z" };

describe("countEvent", () => {
  it("counts new opinion groups, jam-wide themes and network analyses", () => {
    let changes = countEvent(none, { __typename: "OpinionsUpdated", ...base, jamId: "1" });
    changes = countEvent(changes, { __typename: "ThemesUpdated", ...base, forumId: null, version: 3 });
    changes = countEvent(changes, { __typename: "ConnectorsUpdated", ...base, jamId: "1" });
    expect(changes).toEqual({ opinions: 1, themes: 1, connectors: 1 });
  });

  it("leaves out a forum's own themes", () => {
    expect(countEvent(none, { __typename: "ThemesUpdated", ...base, forumId: "4", version: 2 })).toBe(none);
  });

  it("counts a failed opinions job as a change (no OpinionsUpdated follows it)", () => {
    const job = { id: "9", kind: "OPINIONS" as const, finishedAt: null, error: "boom" };
    expect(countEvent(none, { __typename: "JobFinished", ...base, job: { ...job, status: "FAILED" } }).opinions).toBe(1);
    expect(countEvent(none, { __typename: "JobFinished", ...base, job: { ...job, status: "DONE" } })).toBe(none);
  });
});
