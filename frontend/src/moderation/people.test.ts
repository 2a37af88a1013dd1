import { describe, expect, it } from "vitest";

import { invitationState, parseMaxUses, roleActions } from "./people";

describe("roleActions", () => {
  it("gives moderators no role tools", () => {
    expect(roleActions("MEMBER", { role: "PARTICIPANT", globalRole: "MEMBER" })).toEqual([]);
    expect(roleActions("ANALYST", { role: "MODERATOR", globalRole: "MEMBER" })).toEqual([]);
    expect(roleActions(null, { role: "PARTICIPANT", globalRole: "MEMBER" })).toEqual([]);
  });
  it("lets administrators name or remove moderators", () => {
    expect(roleActions("ADMIN", { role: "PARTICIPANT", globalRole: "MEMBER" })).toEqual(["makeModerator", "grantAnalyst"]);
    expect(roleActions("ADMIN", { role: "MODERATOR", globalRole: "ANALYST" })).toEqual(["removeModerator", "removeAnalyst"]);
  });
  it("never offers to change an administrator's role", () => {
    expect(roleActions("ADMIN", { role: "MODERATOR", globalRole: "ADMIN" })).toEqual(["removeModerator"]);
  });
});

describe("invitationState", () => {
  const now = Date.parse("2025-03-04T12:00:00Z");
  it("tells the states apart, revoked first", () => {
    expect(invitationState({ uses: 0 }, now)).toBe("active");
    expect(invitationState({ uses: 2, maxUses: 5, expiresAt: "2025-03-05T00:00:00Z" }, now)).toBe("active");
    expect(invitationState({ uses: 5, maxUses: 5 }, now)).toBe("usedUp");
    expect(invitationState({ uses: 0, expiresAt: "2025-03-04T12:00:00Z" }, now)).toBe("expired");
    expect(invitationState({ uses: 5, maxUses: 5, revokedAt: "2025-03-01T00:00:00Z" }, now)).toBe("revoked");
  });
});

describe("parseMaxUses", () => {
  it("reads a whole number from 1, or no limit", () => {
    expect(parseMaxUses("")).toBeNull();
    expect(parseMaxUses(" 25 ")).toBe(25);
    expect(parseMaxUses("0")).toBe("invalid");
    expect(parseMaxUses("2.5")).toBe("invalid");
    expect(parseMaxUses("-3")).toBe("invalid");
    expect(parseMaxUses("ten")).toBe("invalid");
  });
});
