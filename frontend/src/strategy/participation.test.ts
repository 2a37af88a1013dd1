import { describe, expect, it } from "vitest";

import { pivotParticipation } from "./participation";

describe("pivotParticipation", () => {
  it("gathers each theme's values, the themes with most people first", () => {
    const row = (themeId: string, themeLabel: string, value: string, people: number) => ({
      themeId,
      themeLabel,
      value,
      people,
      ideas: 1,
      comments: 2,
      votes: 3,
    });
    const themes = pivotParticipation([
      row("1", "Parks", "employee", 3),
      row("2", "Bikes", "employee", 5),
      row("1", "Parks", "guest", 4),
      row("3", "Art", "guest", 7),
    ]);
    expect(themes.map((theme) => [theme.themeLabel, theme.people])).toEqual([
      ["Art", 7],
      ["Parks", 7],
      ["Bikes", 5],
    ]);
    expect([...themes[1]!.byValue.keys()]).toEqual(["employee", "guest"]);
  });
});
