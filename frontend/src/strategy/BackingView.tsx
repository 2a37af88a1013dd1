/** The backing tab: who backs which themes. The theme × opinion group matrix as a heat map,
 * the themes every group backs and those that split them; then the same by population
 * (account kind, org unit or country, switched here and kept in the address), and who takes
 * part in each theme by that population. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import type { Population, StrategyBackingQuery } from "../gql/graphql";
import { AnalysisHeader } from "./AnalyseNow";
import { BackingKey, BackingTable, type BackingRow } from "./BackingTable";
import { StrategyBackingDocument, StrategyPopulationDocument } from "./documents";
import { groupColor, groupLetter } from "./groups";
import { useRefetchOn } from "./live";
import { formatPercent } from "./numbers";
import { ParticipationTable } from "./ParticipationTable";
import { isPopulation, populationName, populationValue, sortValues } from "./population";
import { PopulationSwitch } from "./PopulationSwitch";
import { RequestProblem } from "./states";
import type { StrategyJam } from "./StrategyPage";

type Matrix = NonNullable<NonNullable<StrategyBackingQuery["jam"]>["opinionGroups"]>["themeBacking"];

export function BackingView({ jam }: { jam: StrategyJam }) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StrategyBackingDocument,
    variables: { slug: jam.slug },
    requestPolicy: "cache-and-network",
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefetchOn("opinions", refetch);
  const analysis = data?.jam?.opinionGroups;
  return (
    <div className="strategy-view">
      <AnalysisHeader jam={jam} analysis={analysis ?? null} onDone={refetch} />
      {data === undefined && error ? <RequestProblem error={error} onRetry={refetch} /> : null}
      {data === undefined && !error && fetching ? <Loading /> : null}
      {data !== undefined && !analysis ? (
        <p className="empty strategy-empty">
          <Trans>
            Who backs which themes comes from the analysis of the votes, which has not run yet. Press "Analyse now" to run
            it.
          </Trans>
        </p>
      ) : null}
      {analysis ? (
        <>
          <GroupBacking slug={jam.slug} matrix={analysis.themeBacking} />
          <PopulationBacking jam={jam} />
        </>
      ) : null}
    </div>
  );
}

function GroupBacking({ slug, matrix }: { slug: string; matrix: Matrix }) {
  const { t } = useLingui();
  const columns = matrix.groups.map((group) => ({ group, label: <GroupHeading group={group} /> }));
  return (
    <section className="strategy-section" aria-labelledby="strategy-group-backing-heading">
      <h2 id="strategy-group-backing-heading">
        <Trans>Backing by opinion group</Trans>
      </h2>
      {matrix.groups.length < 2 || matrix.themes.length === 0 ? (
        <p className="empty">
          <Trans>There are no opinion groups to compare: see the opinions tab for why.</Trans>
        </p>
      ) : (
        <>
          <BackingTable
            id="strategy-group-matrix"
            slug={slug}
            caption={t`How much each opinion group agrees with each theme's ideas (most voted themes first)`}
            columns={columns}
            rows={matrix.themes}
          />
          <BackingKey />
          <CommonAndSplit slug={slug} matrix={matrix} />
        </>
      )}
    </section>
  );
}

function GroupHeading({ group }: { group: string }) {
  const letter = groupLetter(group);
  return (
    <span className="strategy-group-heading">
      <span className="strategy-swatch" style={{ background: groupColor(group) }} aria-hidden="true" />
      <Trans>Group {letter}</Trans>
    </span>
  );
}

/** The themes every group backs, and those that split the groups (widest spread first). */
function CommonAndSplit({ slug, matrix }: { slug: string; matrix: { themes: readonly BackingRow[]; commonGround: readonly { themeId: string }[]; splitting: readonly { themeId: string }[] } }) {
  const { i18n } = useLingui();
  const byId = new Map(matrix.themes.map((row) => [row.themeId, row]));
  const pick = (ids: readonly { themeId: string }[]) => ids.map(({ themeId }) => byId.get(themeId)).filter((row) => row !== undefined);
  const common = pick(matrix.commonGround);
  const splitting = pick(matrix.splitting);
  return (
    <div className="strategy-columns">
      <section className="strategy-subsection" aria-labelledby="strategy-common-heading">
        <h3 id="strategy-common-heading">
          <Trans>Common ground: every group backs these</Trans>
        </h3>
        {common.length === 0 ? (
          <p className="muted">
            <Trans>No theme is backed by every group.</Trans>
          </p>
        ) : (
          <ul className="strategy-theme-links">
            {common.map((row) => (
              <li key={row.themeId}>
                <ThemeLink slug={slug} row={row} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="strategy-subsection" aria-labelledby="strategy-split-heading">
        <h3 id="strategy-split-heading">
          <Trans>Splitting: the groups disagree on these</Trans>
        </h3>
        {splitting.length === 0 ? (
          <p className="muted">
            <Trans>No theme splits the groups.</Trans>
          </p>
        ) : (
          <ul className="strategy-theme-links strategy-splitting">
            {splitting.map((row) => {
              const spread = formatPercent(i18n.locale, row.spread);
              return (
                <li key={row.themeId}>
                  <ThemeLink slug={slug} row={row} />{" "}
                  <span className="muted">
                    <Trans>support differs by up to {spread}</Trans>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

function ThemeLink({ slug, row }: { slug: string; row: BackingRow }) {
  return (
    <Link to={`/jams/${encodeURIComponent(slug)}/strategy/themes/${encodeURIComponent(row.themeId)}`} className="strategy-theme-link">
      {row.themeLabel}
    </Link>
  );
}

function PopulationBacking({ jam }: { jam: StrategyJam }) {
  const { t, i18n } = useLingui();
  const [search, setSearch] = useSearchParams();
  const chosen = search.get("population");
  const population: Population = isPopulation(chosen) ? chosen : "KIND";
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StrategyPopulationDocument,
    variables: { slug: jam.slug, population },
    requestPolicy: "cache-and-network",
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefetchOn("opinions", refetch);
  const analysis = data?.jam?.opinionGroups;
  const matrix = analysis?.populationBacking;
  const name = populationName(i18n, population);
  const columns = matrix
    ? sortValues(i18n, population, matrix.groups).map((group) => ({ group, label: populationValue(i18n, population, group) }))
    : [];
  return (
    <>
      <section className="strategy-section" aria-labelledby="strategy-population-heading">
        <h2 id="strategy-population-heading">
          <Trans>Backing by population</Trans>
        </h2>
        <PopulationSwitch
          value={population}
          onChange={(next) => {
            const params = new URLSearchParams(search);
            params.set("population", next);
            setSearch(params, { replace: true, preventScrollReset: true });
          }}
        />
        <p className="muted strategy-note">
          <Trans>Values held by fewer than 5 people are counted as "Other", so that no cell stands for one person.</Trans>
        </p>
        {data === undefined && error ? <RequestProblem error={error} onRetry={refetch} /> : null}
        {data === undefined && !error && fetching ? <Loading /> : null}
        {matrix && matrix.themes.length === 0 ? (
          <p className="empty">
            <Trans>No votes on themed ideas yet.</Trans>
          </p>
        ) : null}
        {matrix && matrix.themes.length > 0 ? (
          <BackingTable
            id="strategy-population-matrix"
            slug={jam.slug}
            caption={t`How much each group of people (${name}) agrees with each theme's ideas`}
            columns={columns}
            rows={matrix.themes}
          />
        ) : null}
      </section>
      <section className="strategy-section" aria-labelledby="strategy-participation-heading">
        <h2 id="strategy-participation-heading">
          <Trans>Participation by population</Trans>
        </h2>
        {analysis ? <ParticipationTable slug={jam.slug} population={population} rows={analysis.participation} /> : null}
      </section>
    </>
  );
}
