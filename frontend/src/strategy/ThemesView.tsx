/** The themes tab (the workspace's first): the newest themes, largest first, each with its size
 * over the last versions (a sparkline, its numbers as text), its new ideas per day over the
 * last two weeks and whether it is emerging; each opens its own page. Follows refits live. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { formatDateTime, formatNumber } from "../app/format";
import type { StrategyThemesQuery } from "../gql/graphql";
import { StrategyThemesDocument } from "./documents";
import { sinceFirstSeen, sizeSeries, type SnapshotSizes } from "./history";
import { useRefetchOn } from "./live";
import { Sparkline } from "./Sparkline";
import { RequestProblem, TableFrame } from "./states";
import type { StrategyJam } from "./StrategyPage";
import { changeLabel, extraKeywords } from "./themeChange";

/** How many versions the sparklines cover, and how many days the trends. */
export const HISTORY = 30;
export const TREND_DAYS = 14;

type Themes = NonNullable<StrategyThemesQuery["jam"]>;
type Snapshot = NonNullable<Themes["themes"]>;
type Theme = Snapshot["themes"][number];
type Trend = Snapshot["themeTrends"][number];

export function useStrategyThemes(slug: string) {
  const [result, reexecute] = useQuery({
    query: StrategyThemesDocument,
    variables: { slug, history: HISTORY, days: TREND_DAYS },
    requestPolicy: "cache-and-network",
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefetchOn("themes", refetch);
  return { ...result, refetch };
}

export function ThemesView({ jam }: { jam: StrategyJam }) {
  const { data, error, fetching, refetch } = useStrategyThemes(jam.slug);
  const themes = data?.jam;
  if (data === undefined && error) return <RequestProblem error={error} onRetry={refetch} />;
  if (data === undefined || (fetching && !themes)) return <Loading />;
  if (!themes?.themes || themes.themes.themes.length === 0) {
    return (
      <p className="empty strategy-empty">
        <Trans>No themes yet: once enough ideas are posted they are grouped into themes, and they appear here.</Trans>
      </p>
    );
  }
  return <ThemeTable slug={jam.slug} snapshot={themes.themes} history={themes.themeHistory} />;
}

function ThemeTable({ slug, snapshot, history }: { slug: string; snapshot: Snapshot; history: readonly SnapshotSizes[] }) {
  const { t, i18n } = useLingui();
  const themes = [...snapshot.themes].sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));
  const trends = new Map(snapshot.themeTrends.map((trend) => [String(trend.themeId), trend]));
  const emerging = snapshot.themeTrends.filter((trend) => trend.emerging).length;
  const themeCount = themes.length;
  const ideas = formatNumber(i18n.locale, snapshot.ideaCount);
  const version = snapshot.version;
  const when = formatDateTime(i18n.locale, snapshot.createdAt);
  const versions = history.length;
  return (
    <section className="strategy-section" aria-labelledby="strategy-themes-caption">
      <p className="strategy-summary">
        <Trans>
          <Plural value={themeCount} one="# theme" other="# themes" /> in {ideas} ideas: version {version} of the themes,
          from {when}.
        </Trans>{" "}
        {emerging > 0 ? <Plural value={emerging} one="# theme is emerging." other="# themes are emerging." /> : null}
      </p>
      <TableFrame labelledBy="strategy-themes-caption">
        <table className="strategy-table strategy-themes">
          <caption id="strategy-themes-caption">
            <Plural
              value={versions}
              one="The themes, largest first, with their size in the last version"
              other="The themes, largest first, with their size over the last # versions"
            />
          </caption>
          <thead>
            <tr>
              <th scope="col">{t`Theme`}</th>
              <th scope="col" className="strategy-number">
                {t`Ideas`}
              </th>
              <th scope="col">{t`Size over time`}</th>
              <th scope="col">{t`New ideas, last ${TREND_DAYS} days`}</th>
            </tr>
          </thead>
          <tbody>
            {themes.map((theme) => (
              <ThemeRow key={theme.id} slug={slug} theme={theme} trend={trends.get(String(theme.id))} history={history} />
            ))}
          </tbody>
        </table>
      </TableFrame>
    </section>
  );
}

function ThemeRow({ slug, theme, trend, history }: { slug: string; theme: Theme; trend: Trend | undefined; history: readonly SnapshotSizes[] }) {
  const { i18n } = useLingui();
  const change = changeLabel(i18n, theme.change);
  const extra = extraKeywords(theme.label, theme.keywords.map((keyword) => keyword.term));
  return (
    <tr>
      <th scope="row" className="strategy-theme-cell">
        <Link to={`/jams/${encodeURIComponent(slug)}/strategy/themes/${encodeURIComponent(String(theme.id))}`}>{theme.label}</Link>
        <span className="strategy-row-badges">
          {trend?.emerging ? <EmergingBadge /> : null}
          {change ? <span className="badge strategy-badge-change">{change}</span> : null}
        </span>
        {extra.length > 0 ? <span className="strategy-keywords muted">{extra.join(" · ")}</span> : null}
      </th>
      <td className="strategy-number">{formatNumber(i18n.locale, theme.size)}</td>
      <td>
        <SizeOverTime history={history} themeId={theme.id} />
      </td>
      <td>
        <DailyIdeas trend={trend} />
      </td>
    </tr>
  );
}

export function EmergingBadge() {
  return (
    <span className="badge strategy-badge-emerging">
      <span aria-hidden="true">↗ </span>
      <Trans context="theme">Emerging</Trans>
    </span>
  );
}

/** The sparkline of a theme's sizes, with the numbers: first and newest shown, all of them
 * for screen readers. */
export function SizeOverTime({ history, themeId }: { history: readonly SnapshotSizes[]; themeId: number | string }) {
  const { i18n } = useLingui();
  const series = sinceFirstSeen(sizeSeries(history, themeId));
  const known = series.filter((point) => point.size !== null).map((point) => point.size as number);
  if (known.length === 0) return <span className="muted">–</span>;
  const first = formatNumber(i18n.locale, known[0]!);
  const last = formatNumber(i18n.locale, known.at(-1)!);
  const all = series.map((point) => (point.size === null ? "–" : formatNumber(i18n.locale, point.size))).join(", ");
  const count = series.length;
  return (
    <span className="strategy-trend">
      <Sparkline values={series.map((point) => point.size)} />
      <span aria-hidden="true" className="strategy-trend-text">
        {known.length > 1 ? `${first} → ${last}` : last}
      </span>
      <span className="visually-hidden">
        <Plural value={count} one="Size in the last version:" other="Sizes over the last # versions, oldest first:" /> {all}
      </span>
    </span>
  );
}

export function DailyIdeas({ trend }: { trend: Trend | undefined }) {
  const { i18n } = useLingui();
  if (!trend || trend.points.length === 0) return <span className="muted">–</span>;
  const total = trend.points.reduce((sum, point) => sum + point.ideas, 0);
  const newest = trend.points.at(-1)!.ideas;
  const all = trend.points.map((point) => formatNumber(i18n.locale, point.ideas)).join(", ");
  const totalText = formatNumber(i18n.locale, total);
  const newestText = formatNumber(i18n.locale, newest);
  return (
    <span className="strategy-trend">
      <Sparkline values={trend.points.map((point) => point.ideas)} />
      <span className="strategy-trend-text">
        <Trans>
          {totalText} in all, {newestText} on the last day
        </Trans>
      </span>
      <span className="visually-hidden">
        <Trans>Ideas per day, oldest first: {all}</Trans>
      </span>
    </span>
  );
}
