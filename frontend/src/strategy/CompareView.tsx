/** The compare tab: two versions of the themes side by side (by default the newest and the
 * one about a day before it; both kept in the address): which themes are new, which are gone,
 * and how the sizes of the others changed, the largest change first. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { formatDateTime, formatNumber } from "../app/format";
import { userText } from "../app/userText";
import { ChoiceSelect } from "./ChoiceSelect";
import { compareSnapshots, defaultPair, type Comparison, type ThemeSize } from "./compare";
import { StrategyHistoryDocument } from "./documents";
import type { SnapshotSizes } from "./history";
import { useRefetchOn } from "./live";
import { formatSigned } from "./numbers";
import { RequestProblem, TableFrame } from "./states";
import type { StrategyJam } from "./StrategyPage";

/** How many versions can be picked from. */
const VERSIONS = 30;

export function CompareView({ jam }: { jam: StrategyJam }) {
  const [{ data, error }, reexecute] = useQuery({
    query: StrategyHistoryDocument,
    variables: { slug: jam.slug, first: VERSIONS },
    requestPolicy: "cache-and-network",
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefetchOn("themes", refetch);
  if (data === undefined) return error ? <RequestProblem error={error} onRetry={refetch} /> : <Loading />;
  const history = data.jam?.themeHistory ?? [];
  if (history.length < 2) {
    return (
      <p className="empty strategy-empty">
        {history.length === 0 ? (
          <Trans>No themes yet, so there is nothing to compare.</Trans>
        ) : (
          <Trans>There is only one version of the themes so far: each refit makes a new one to compare with.</Trans>
        )}
      </p>
    );
  }
  return <Compare slug={jam.slug} history={history} />;
}

function Compare({ slug, history }: { slug: string; history: readonly SnapshotSizes[] }) {
  const { t, i18n } = useLingui();
  const [search, setSearch] = useSearchParams();
  const pair = defaultPair(history)!;
  const ids = new Set(history.map((snapshot) => snapshot.id));
  const fromId = ids.has(search.get("from") ?? "") ? search.get("from")! : pair.from;
  const toId = ids.has(search.get("to") ?? "") ? search.get("to")! : pair.to;
  const from = history.find((snapshot) => snapshot.id === fromId)!;
  const to = history.find((snapshot) => snapshot.id === toId)!;
  const choices = [...history]
    .sort((a, b) => b.version - a.version)
    .map((snapshot) => {
      const version = snapshot.version;
      const when = formatDateTime(i18n.locale, snapshot.createdAt);
      const ideas = formatNumber(i18n.locale, snapshot.ideaCount);
      return { id: snapshot.id, label: t`Version ${version} · ${when} · ${ideas} ideas` };
    });
  const choose = (key: "from" | "to") => (value: string) => {
    const params = new URLSearchParams(search);
    params.set("from", key === "from" ? value : fromId);
    params.set("to", key === "to" ? value : toId);
    setSearch(params, { replace: true, preventScrollReset: true });
  };
  return (
    <div className="strategy-view">
      <div className="strategy-pickers">
        <ChoiceSelect label={t`From`} value={fromId} choices={choices} onChange={choose("from")} />
        <ChoiceSelect label={t`To`} value={toId} choices={choices} onChange={choose("to")} />
      </div>
      <div className="strategy-compare-result">
        {fromId === toId ? (
          <p role="status" className="empty">
            <Trans>These are the same version: choose two different ones.</Trans>
          </p>
        ) : (
          <Changes slug={slug} from={from} to={to} comparison={compareSnapshots(from, to)} />
        )}
      </div>
    </div>
  );
}

function Changes({ slug, from, to, comparison }: { slug: string; from: SnapshotSizes; to: SnapshotSizes; comparison: Comparison }) {
  const { t, i18n } = useLingui();
  const before = from.version;
  const after = to.version;
  const ideas = formatSigned(i18n.locale, comparison.ideaChange);
  const added = comparison.added.length;
  const removed = comparison.removed.length;
  const changed = comparison.changed.length;
  return (
    <>
      <p role="status" className="strategy-summary">
        <Trans>
          From version {before} to version {after}: {ideas} ideas; <Plural value={added} one="# new theme" other="# new themes" />,{" "}
          <Plural value={removed} one="# gone" other="# gone" />, <Plural value={changed} one="# changed size" other="# changed size" />.
        </Trans>
      </p>
      <div className="strategy-columns">
        <ThemeList
          id="strategy-compare-new"
          title={t`New themes`}
          empty={t`No new themes.`}
          themes={comparison.added}
          slug={slug}
          link
        />
        <ThemeList id="strategy-compare-gone" title={t`Gone`} empty={t`No theme is gone.`} themes={comparison.removed} slug={slug} />
      </div>
      <section className="strategy-section" aria-labelledby="strategy-compare-changed-caption">
        {comparison.changed.length === 0 ? (
          <>
            <h3 id="strategy-compare-changed-caption">{t`Size changes`}</h3>
            <p className="muted">
              <Trans>No theme in both versions changed size.</Trans>
            </p>
          </>
        ) : (
          <TableFrame labelledBy="strategy-compare-changed-caption">
            <table className="strategy-table strategy-compare">
              <caption id="strategy-compare-changed-caption">{t`Size changes, the largest first`}</caption>
              <thead>
                <tr>
                  <th scope="col">{t`Theme`}</th>
                  <th scope="col" className="strategy-number">{t`Version ${before}`}</th>
                  <th scope="col" className="strategy-number">{t`Version ${after}`}</th>
                  <th scope="col" className="strategy-number">{t`Change`}</th>
                </tr>
              </thead>
              <tbody>
                {comparison.changed.map((theme) => (
                  <tr key={theme.themeId}>
                    <th scope="row">
                      <Link to={`/jams/${encodeURIComponent(slug)}/strategy/themes/${encodeURIComponent(theme.themeId)}`}>{theme.label}</Link>
                      {theme.formerLabel ? <FormerLabel label={theme.formerLabel} /> : null}
                    </th>
                    <td className="strategy-number">{formatNumber(i18n.locale, theme.before)}</td>
                    <td className="strategy-number">{formatNumber(i18n.locale, theme.after)}</td>
                    <td className={`strategy-number ${theme.change > 0 ? "strategy-up" : "strategy-down"}`}>
                      <span aria-hidden="true">{theme.change > 0 ? "▲ " : "▼ "}</span>
                      {formatSigned(i18n.locale, theme.change)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        )}
        {comparison.unchanged > 0 ? (
          <p className="muted">
            <Plural value={comparison.unchanged} one="# theme kept its size." other="# themes kept their size." />
          </p>
        ) : null}
      </section>
    </>
  );
}

function FormerLabel({ label }: { label: string }) {
  const former = userText(label);
  return (
    <span className="muted strategy-former">
      <Trans>before: {former}</Trans>
    </span>
  );
}

function ThemeList({
  id,
  title,
  empty,
  themes,
  slug,
  link,
}: {
  id: string;
  title: string;
  empty: string;
  themes: readonly ThemeSize[];
  slug: string;
  link?: boolean;
}) {
  return (
    <section className="strategy-subsection" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {themes.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="strategy-theme-links" id={id}>
          {themes.map((theme) => (
            <li key={theme.themeId}>
              {link ? (
                <Link to={`/jams/${encodeURIComponent(slug)}/strategy/themes/${encodeURIComponent(theme.themeId)}`}>{theme.label}</Link>
              ) : (
                <span>{theme.label}</span>
              )}{" "}
              <span className="muted">
                <Plural value={theme.size} one="(# idea)" other="(# ideas)" />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
