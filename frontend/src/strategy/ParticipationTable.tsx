/** Who takes part in each theme, by population value: people who posted, commented or voted
 * on its ideas, and how many ideas, comments and votes they gave it. One row per theme (most
 * people first), one column per value. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { Link } from "react-router";

import { formatNumber } from "../app/format";
import type { Population } from "../gql/graphql";
import { pivotParticipation, type ParticipationRow } from "./participation";
import { populationValue, sortValues } from "./population";
import { TableFrame } from "./states";

export function ParticipationTable({ slug, population, rows }: { slug: string; population: Population; rows: readonly ParticipationRow[] }) {
  const { t, i18n } = useLingui();
  if (rows.length === 0) {
    return (
      <p className="empty">
        <Trans>Nobody has taken part in a theme yet.</Trans>
      </p>
    );
  }
  const values = sortValues(i18n, population, [...new Set(rows.map((row) => row.value))]);
  const themes = pivotParticipation(rows);
  return (
    <TableFrame labelledBy="strategy-participation-caption">
      <table className="strategy-table strategy-participation">
        <caption id="strategy-participation-caption">
          <Trans>People who posted, commented or voted on each theme's ideas, and what they gave it</Trans>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t`Theme`}</th>
            {values.map((value) => (
              <th scope="col" key={value}>
                {populationValue(i18n, population, value)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {themes.map((theme) => (
            <tr key={theme.themeId}>
              <th scope="row">
                <Link to={`/jams/${encodeURIComponent(slug)}/strategy/themes/${encodeURIComponent(theme.themeId)}`}>
                  {theme.themeLabel}
                </Link>
              </th>
              {values.map((value) => {
                const row = theme.byValue.get(value);
                return <td key={value}>{row ? <Participation row={row} /> : <span className="muted">–</span>}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

function Participation({ row }: { row: ParticipationRow }) {
  const { i18n } = useLingui();
  const ideas = formatNumber(i18n.locale, row.ideas);
  const comments = formatNumber(i18n.locale, row.comments);
  const votes = formatNumber(i18n.locale, row.votes);
  return (
    <>
      <span className="strategy-participation-people">
        <Plural value={row.people} one="# person" other="# people" />
      </span>
      <span className="strategy-participation-detail">
        <Trans>
          {ideas} ideas · {comments} comments · {votes} votes
        </Trans>
      </span>
    </>
  );
}
