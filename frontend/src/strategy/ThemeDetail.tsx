/** One theme in the workspace (`strategy/themes/:themeId`): its key words and ideas, its size
 * over time and new ideas per day, its row of the backing by opinion group and by population,
 * and the follow-up team the network analysis suggests for it. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { formatDateTime, formatNumber } from "../app/format";
import type { Population, StrategyThemeQuery } from "../gql/graphql";
import { BackingKey, BackingTable, type BackingRow } from "./BackingTable";
import { StrategyThemeDocument } from "./documents";
import { groupColor, groupLetter } from "./groups";
import { sinceFirstSeen, sizeSeries, type SnapshotSizes } from "./history";
import { useRefetchOn } from "./live";
import { populationName, populationValue, sortValues } from "./population";
import { Sparkline } from "./Sparkline";
import { IdeaLink, RequestProblem, TableFrame } from "./states";
import type { StrategyJam } from "./StrategyPage";
import { SuggestedTeam } from "./SuggestedTeam";
import { changeLabel } from "./themeChange";
import { DailyIdeas, EmergingBadge, useStrategyThemes } from "./ThemesView";

/** Ideas of the theme listed here (its newest first). */
const IDEAS = 10;

type Jam = NonNullable<StrategyThemeQuery["jam"]>;
type Theme = NonNullable<Jam["themes"]>["themes"][number];
type Analysis = NonNullable<Jam["opinionGroups"]>;

export function ThemeDetail({ jam }: { jam: StrategyJam }) {
  const { themeId = "" } = useParams();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StrategyThemeDocument,
    variables: { slug: jam.slug, ideas: IDEAS },
    requestPolicy: "cache-and-network",
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefetchOn(["themes", "opinions"], refetch);
  const themes = useStrategyThemes(jam.slug);
  const theme = data?.jam?.themes?.themes.find((candidate) => String(candidate.id) === themeId);
  const back = (
    <p className="strategy-back">
      <Link to={`/jams/${encodeURIComponent(jam.slug)}/strategy`}>
        <Trans>All themes</Trans>
      </Link>
    </p>
  );
  if (data === undefined && error) return <RequestProblem error={error} onRetry={refetch} />;
  if (data === undefined || (fetching && !theme && !data.jam?.themes)) return <Loading />;
  if (!theme) {
    return (
      <>
        {back}
        <p className="empty strategy-empty">
          <Trans>This theme is not among the newest themes: a refit may have merged it into another or split it.</Trans>
        </p>
      </>
    );
  }
  const snapshot = themes.data?.jam?.themes;
  const trend = snapshot?.themeTrends.find((candidate) => String(candidate.themeId) === themeId);
  return (
    <article className="strategy-theme" aria-labelledby="strategy-theme-heading">
      {back}
      <ThemeHead theme={theme} emerging={trend?.emerging ?? false} />
      <div className="strategy-columns">
        <ThemeIdeas slug={jam.slug} theme={theme} />
        <section className="strategy-subsection" aria-labelledby="strategy-theme-time-heading">
          <h3 id="strategy-theme-time-heading">
            <Trans>Over time</Trans>
          </h3>
          <SizeTable history={themes.data?.jam?.themeHistory ?? []} themeId={theme.id} />
          <p className="strategy-theme-daily">
            <span className="strategy-theme-daily-label">
              <Trans>New ideas per day:</Trans>
            </span>{" "}
            <DailyIdeas trend={trend} />
          </p>
        </section>
      </div>
      <ThemeBacking slug={jam.slug} themeId={themeId} analysis={data.jam?.opinionGroups ?? null} />
      <SuggestedTeam slug={jam.slug} themeId={themeId} />
    </article>
  );
}

function ThemeHead({ theme, emerging }: { theme: Theme; emerging: boolean }) {
  const { i18n } = useLingui();
  const change = changeLabel(i18n, theme.change);
  return (
    <header className="strategy-theme-head">
      <h2 id="strategy-theme-heading" className="strategy-theme-title">
        {theme.label}
      </h2>
      <p className="row">
        <span className="badge strategy-badge">
          <Plural value={theme.size} one="# idea" other="# ideas" />
        </span>
        {emerging ? <EmergingBadge /> : null}
        {change ? <span className="badge strategy-badge-change">{change}</span> : null}
        {theme.edited ? (
          <span className="badge strategy-badge-change">
            <Trans>Edited by a moderator</Trans>
          </span>
        ) : null}
      </p>
      {theme.keywords.length > 0 ? (
        <div>
          <span className="visually-hidden">
            <Trans>Key words:</Trans>
          </span>
          <ul className="row strategy-keyword-list">
            {theme.keywords.map((keyword) => (
              <li key={keyword.term} className="tag">
                {keyword.term}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </header>
  );
}

function ThemeIdeas({ slug, theme }: { slug: string; theme: Theme }) {
  const shown = theme.ideas.nodes.length;
  const total = theme.ideas.totalCount;
  return (
    <section className="strategy-subsection" aria-labelledby="strategy-theme-ideas-heading">
      <h3 id="strategy-theme-ideas-heading">
        <Trans>Its ideas</Trans>
      </h3>
      {theme.representativeIdeas.length > 0 ? (
        <>
          <p className="muted strategy-subhead">
            <Trans>The ideas that say it best:</Trans>
          </p>
          <ul className="strategy-idea-list">
            {theme.representativeIdeas.map((idea) => (
              <li key={idea.id}>
                <IdeaLink slug={slug} idea={idea} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {shown > 0 ? (
        <>
          <p className="muted strategy-subhead">
            <Trans>
              The newest {shown} of its {total} ideas:
            </Trans>
          </p>
          <ul className="strategy-idea-list">
            {theme.ideas.nodes.map((idea) => (
              <li key={idea.id}>
                <IdeaLink slug={slug} idea={idea} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">
          <Trans>No ideas in this theme.</Trans>
        </p>
      )}
    </section>
  );
}

/** The theme's size in each version since it appeared, with a sparkline. */
function SizeTable({ history, themeId }: { history: readonly SnapshotSizes[]; themeId: number }) {
  const { t, i18n } = useLingui();
  const series = sinceFirstSeen(sizeSeries(history, themeId));
  if (series.length === 0) {
    return (
      <p className="muted">
        <Trans>No earlier versions of the themes.</Trans>
      </p>
    );
  }
  return (
    <>
      <Sparkline values={series.map((point) => point.size)} width={160} height={36} />
      <TableFrame labelledBy="strategy-size-caption">
        <table className="strategy-table strategy-compact">
          <caption id="strategy-size-caption">
            <Trans>Its size in each version of the themes</Trans>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t`Version`}</th>
              <th scope="col">{t`Date`}</th>
              <th scope="col" className="strategy-number">
                {t`Ideas`}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...series].reverse().map((point) => (
              <tr key={point.version}>
                <th scope="row">{formatNumber(i18n.locale, point.version)}</th>
                <td>{formatDateTime(i18n.locale, point.createdAt)}</td>
                <td className="strategy-number">{point.size === null ? "–" : formatNumber(i18n.locale, point.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </>
  );
}

function ThemeBacking({ slug, themeId, analysis }: { slug: string; themeId: string; analysis: Analysis | null }) {
  const { t, i18n } = useLingui();
  if (!analysis) {
    return (
      <section className="strategy-section" aria-labelledby="strategy-theme-backing-heading">
        <h3 id="strategy-theme-backing-heading">
          <Trans>Who backs it</Trans>
        </h3>
        <p className="muted">
          <Trans>The votes have not been analysed yet: the opinions tab can run the analysis.</Trans>
        </p>
      </section>
    );
  }
  const groupRow = analysis.themeBacking.themes.find((row) => row.themeId === themeId);
  const populations: [Population, Analysis["byKind"]][] = [
    ["KIND", analysis.byKind],
    ["ORG_UNIT", analysis.byOrgUnit],
    ["COUNTRY", analysis.byCountry],
  ];
  return (
    <section className="strategy-section" aria-labelledby="strategy-theme-backing-heading">
      <h3 id="strategy-theme-backing-heading">
        <Trans>Who backs it</Trans>
      </h3>
      {groupRow && analysis.themeBacking.groups.length > 1 ? (
        <BackingTable
          id="strategy-theme-groups"
          slug={slug}
          linkThemes={false}
          caption={t`By opinion group`}
          columns={analysis.themeBacking.groups.map((group) => ({ group, label: <GroupColumn group={group} /> }))}
          rows={[groupRow as BackingRow]}
        />
      ) : (
        <p className="muted">
          <Trans>No votes on this theme's ideas by opinion group.</Trans>
        </p>
      )}
      {populations.map(([population, matrix]) => {
        const row = matrix.themes.find((candidate) => candidate.themeId === themeId);
        if (!row) return null;
        const name = populationName(i18n, population);
        return (
          <BackingTable
            key={population}
            id={`strategy-theme-${population.toLowerCase()}`}
            slug={slug}
            linkThemes={false}
            caption={t`By population: ${name}`}
            columns={sortValues(i18n, population, matrix.groups).map((group) => ({ group, label: populationValue(i18n, population, group) }))}
            rows={[row]}
          />
        );
      })}
      <BackingKey />
    </section>
  );
}

function GroupColumn({ group }: { group: string }) {
  const letter = groupLetter(group);
  return (
    <span className="strategy-group-heading">
      <span className="strategy-swatch" style={{ background: groupColor(group) }} aria-hidden="true" />
      <Trans>Group {letter}</Trans>
    </span>
  );
}
