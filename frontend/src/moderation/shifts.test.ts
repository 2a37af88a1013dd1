import { describe, expect, it } from "vitest";

import {
  dayKey,
  fromLocalInput,
  groupByDay,
  isEditable,
  openFirst,
  parseIdeaLink,
  periodProblem,
  rotaWindow,
  shiftPhase,
  toLocalInput,
} from "./shifts";

/** A moment at a local date and time (the tests run in any zone). */
function local(year: number, month: number, day: number, hours: number, minutes = 0): string {
  return new Date(year, month - 1, day, hours, minutes).toISOString();
}

describe("parseIdeaLink", () => {
  it("takes a plain id", () => {
    expect(parseIdeaLink(" 42 ", "jam")).toEqual({ ok: true, ideaId: "42", commentId: null });
  });
  it("takes an idea's address, whole or as a path", () => {
    expect(parseIdeaLink("https://jam.example.com/jams/spring/ideas/17", "spring")).toEqual({ ok: true, ideaId: "17", commentId: null });
    expect(parseIdeaLink("/jams/spring/ideas/17/", "spring")).toEqual({ ok: true, ideaId: "17", commentId: null });
    expect(parseIdeaLink("jams/spring/ideas/17?sort=new", "spring")).toEqual({ ok: true, ideaId: "17", commentId: null });
  });
  it("takes a comment's link", () => {
    expect(parseIdeaLink("https://x.test/jams/spring/ideas/17#comment-99", "spring")).toEqual({ ok: true, ideaId: "17", commentId: "99" });
  });
  it("decodes the slug", () => {
    expect(parseIdeaLink("/jams/caf%C3%A9/ideas/3", "café")).toEqual({ ok: true, ideaId: "3", commentId: null });
  });
  it("says what is wrong", () => {
    expect(parseIdeaLink("   ", "spring")).toEqual({ ok: false, problem: "missing" });
    expect(parseIdeaLink("an idea about bikes", "spring")).toEqual({ ok: false, problem: "invalid" });
    expect(parseIdeaLink("/jams/spring/forums/3", "spring")).toEqual({ ok: false, problem: "invalid" });
    expect(parseIdeaLink("/jams/spring/ideas/abc", "spring")).toEqual({ ok: false, problem: "invalid" });
    expect(parseIdeaLink("/jams/autumn/ideas/17", "spring")).toEqual({ ok: false, problem: "otherJam" });
    expect(parseIdeaLink("/jams/%E0%A4%A/ideas/17", "spring")).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("groupByDay", () => {
  const shift = (id: string, startsAt: string, endsAt: string) => ({ id, startsAt, endsAt });
  it("groups by the local day a shift starts, in order", () => {
    const late = shift("3", local(2025, 3, 5, 22), local(2025, 3, 6, 4));
    const morning = shift("1", local(2025, 3, 4, 9), local(2025, 3, 4, 13));
    const afternoon = shift("2", local(2025, 3, 4, 13), local(2025, 3, 4, 17));
    const days = groupByDay([late, afternoon, morning]);
    expect(days.map((day) => day.day)).toEqual(["2025-03-04", "2025-03-05"]);
    expect(days[0]?.shifts.map((item) => item.id)).toEqual(["1", "2"]);
    expect(days[1]?.shifts.map((item) => item.id)).toEqual(["3"]);
  });
  it("is empty without shifts", () => {
    expect(groupByDay([])).toEqual([]);
  });
});

describe("shiftPhase and isEditable", () => {
  const shift = { startsAt: "2025-03-04T09:00:00Z", endsAt: "2025-03-04T13:00:00Z" };
  it("tells upcoming, running and over apart", () => {
    expect(shiftPhase(shift, Date.parse("2025-03-04T08:59:00Z"))).toBe("upcoming");
    expect(shiftPhase(shift, Date.parse("2025-03-04T09:00:00Z"))).toBe("running");
    expect(shiftPhase(shift, Date.parse("2025-03-04T13:00:00Z"))).toBe("over");
  });
  it("lets only a shift not started be edited", () => {
    expect(isEditable(shift, Date.parse("2025-03-04T08:00:00Z"))).toBe(true);
    expect(isEditable(shift, Date.parse("2025-03-04T10:00:00Z"))).toBe(false);
  });
});

describe("datetime-local values", () => {
  it("round-trips in the viewer's zone", () => {
    const moment = local(2025, 3, 4, 9, 30);
    expect(toLocalInput(moment)).toBe("2025-03-04T09:30");
    expect(fromLocalInput("2025-03-04T09:30")).toBe(moment);
    expect(dayKey(moment)).toBe("2025-03-04");
  });
  it("refuses what is not a date and time", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("2025-02-30T10:00")).toBeNull();
    expect(fromLocalInput("2025-03-04T25:00")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
  });
});

describe("periodProblem", () => {
  it("checks the period before it is sent", () => {
    expect(periodProblem(null, "2025-03-04T10:00:00Z")).toBe("missingStart");
    expect(periodProblem("2025-03-04T10:00:00Z", null)).toBe("missingEnd");
    expect(periodProblem("2025-03-04T10:00:00Z", "2025-03-04T10:00:00Z")).toBe("endBeforeStart");
    expect(periodProblem("2025-03-04T10:00:00Z", "2025-03-05T10:01:00Z")).toBe("tooLong");
    expect(periodProblem("2025-03-04T10:00:00Z", "2025-03-05T10:00:00Z")).toBeNull();
  });
});

describe("rotaWindow", () => {
  it("spans the past week and the month ahead", () => {
    const now = Date.parse("2025-03-10T12:00:00Z");
    expect(rotaWindow(now)).toEqual({ from: "2025-03-03T12:00:00.000Z", to: "2025-04-09T12:00:00.000Z" });
  });
});

describe("openFirst", () => {
  it("puts open items first, each group oldest first", () => {
    const entry = (id: string, open: boolean, createdAt: string) => ({ id, open, createdAt });
    const sorted = openFirst([
      entry("n1", false, "2025-03-04T09:00:00Z"),
      entry("o2", true, "2025-03-04T11:00:00Z"),
      entry("o1", true, "2025-03-04T10:00:00Z"),
      entry("n0", false, "2025-03-04T08:00:00Z"),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(["o1", "o2", "n0", "n1"]);
  });
});
