/** Participation rows (one per theme and population value) pivoted into one line per theme. */

export interface ParticipationRow {
  themeId: string;
  themeLabel: string;
  value: string;
  people: number;
  ideas: number;
  comments: number;
  votes: number;
}

export interface ParticipationTheme {
  themeId: string;
  themeLabel: string;
  people: number;
  byValue: Map<string, ParticipationRow>;
}

/** The rows pivoted: themes (most people first, then by name), each with its values. */
export function pivotParticipation(rows: readonly ParticipationRow[]): ParticipationTheme[] {
  const themes = new Map<string, ParticipationTheme>();
  for (const row of rows) {
    const theme = themes.get(row.themeId) ?? { themeId: row.themeId, themeLabel: row.themeLabel, people: 0, byValue: new Map() };
    theme.people += row.people;
    theme.byValue.set(row.value, row);
    themes.set(row.themeId, theme);
  }
  return [...themes.values()].sort((a, b) => b.people - a.people || a.themeLabel.localeCompare(b.themeLabel));
}
