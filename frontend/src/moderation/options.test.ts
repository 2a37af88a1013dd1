import { i18n } from "@lingui/core";
import { describe, expect, it } from "vitest";

import { messagesOf } from "../app/i18n";
import { actionLabel, DEFAULT_MUTE, MUTE_DURATIONS, muteMinutes, reasonProblem, REASON_MAX, subjectLabel } from "./options";

describe("mute durations", () => {
  it("are 15 minutes, 1 hour, 1 day and 1 week, in minutes", () => {
    expect(MUTE_DURATIONS.map((duration) => duration.minutes)).toEqual([15, 60, 1440, 10080]);
  });
  it("are found by id, and the default is one of them", () => {
    expect(muteMinutes("1d")).toBe(1440);
    expect(muteMinutes("1y")).toBeNull();
    expect(muteMinutes(DEFAULT_MUTE)).not.toBeNull();
  });
});

describe("log actions", () => {
  it("have labels in the person's language", async () => {
    i18n.loadAndActivate({ locale: "en", messages: await messagesOf("en") });
    expect(actionLabel(i18n, "idea.hide")).toBe("Idea hidden");
    expect(actionLabel(i18n, "member.mute")).toBe("Member muted");
    i18n.loadAndActivate({ locale: "es", messages: await messagesOf("es") });
    expect(actionLabel(i18n, "idea.hide")).not.toBe("Idea hidden");
  });
  it("unknown to this UI show as recorded", () => {
    expect(actionLabel(i18n, "jam.teleport")).toBe("jam.teleport");
    expect(actionLabel(i18n, "toString")).toBe("toString");
  });
});

describe("a decision's reason", () => {
  it("is required to hide or restore, optional to keep", () => {
    expect(reasonProblem("HIDE", "  ")).toBe("missing");
    expect(reasonProblem("RESTORE", "")).toBe("missing");
    expect(reasonProblem("KEEP", "")).toBeNull();
    expect(reasonProblem("HIDE", "Insults another member")).toBeNull();
  });
  it(`is at most ${REASON_MAX} characters`, () => {
    expect(reasonProblem("KEEP", "x".repeat(REASON_MAX + 1))).toBe("long");
    expect(reasonProblem("HIDE", "x".repeat(REASON_MAX))).toBeNull();
  });
});

describe("a log entry's subject", () => {
  it("names ideas, comments and members, and other kinds as recorded", async () => {
    i18n.loadAndActivate({ locale: "en", messages: await messagesOf("en") });
    expect(subjectLabel(i18n, "idea", "12")).toBe("Idea 12");
    expect(subjectLabel(i18n, "user", "7")).toBe("Member 7");
    expect(subjectLabel(i18n, "theme", "3")).toBe("theme 3");
    expect(subjectLabel(i18n, "job", null)).toBe("job");
  });
});
