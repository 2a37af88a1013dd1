/** The opinions tab: how the jam's voters fall into groups (Pol.is's method, run by the
 * worker), with the map of them, what marks each group out, what everyone agrees on and what
 * divides them, and the viewer's own group. "Analyse now" runs it again; the view follows new
 * analyses live. Before the first analysis, and when it found no groups, it says why. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback } from "react";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { formatNumber } from "../app/format";
import type { OpinionStatus, StrategyOpinionsQuery } from "../gql/graphql";
import { AnalysisHeader } from "./AnalyseNow";
import { StrategyOpinionsDocument } from "./documents";
import { groupColor, groupLetter } from "./groups";
import { useRefetchOn } from "./live";
import { formatPercent } from "./numbers";
import { OpinionMap } from "./OpinionMap";
import { ShareBar } from "./ShareBar";
import { IdeaLink, RequestProblem } from "./states";
import type { StrategyJam } from "./StrategyPage";

type Analysis = NonNullable<NonNullable<StrategyOpinionsQuery["jam"]>["opinionGroups"]>;
type Group = Analysis["groups"][number];

export function OpinionsView({ jam }: { jam: StrategyJam }) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StrategyOpinionsDocument,
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
      {data !== undefined && !analysis ? <NoAnalysis /> : null}
      {analysis && analysis.status !== "OK" ? <NotOk status={analysis.status} analysis={analysis} /> : null}
      {analysis && analysis.status === "OK" ? <Groups slug={jam.slug} analysis={analysis} /> : null}
    </div>
  );
}

function NoAnalysis() {
  return (
    <div className="empty strategy-empty">
      <p>
        <Trans>
          The votes have not been analysed yet. The worker groups people by how they vote when the jam closes; press
          "Analyse now" to see the groups so far.
        </Trans>
      </p>
    </div>
  );
}

function NotOk({ status, analysis }: { status: Exclude<OpinionStatus, "OK">; analysis: Analysis }) {
  const { i18n } = useLingui();
  const voters = formatNumber(i18n.locale, analysis.voterCount);
  const placed = formatNumber(i18n.locale, analysis.placedCount);
  return (
    <div className="empty strategy-empty strategy-not-ok">
      {status === "NO_VOTES" ? (
        <p>
          <Trans>Nobody has voted on this jam's ideas yet, so there are no opinions to group.</Trans>
        </p>
      ) : status === "TOO_FEW_PARTICIPANTS" ? (
        <p>
          <Trans>
            Too few people have voted enough to be placed: {voters} voted, {placed} on enough ideas. Groups appear once more
            people have voted on several ideas.
          </Trans>
        </p>
      ) : (
        <p>
          <Trans>
            The {placed} people placed vote alike: there is no disagreement to split them into groups. See what they agree on
            in the backing tab.
          </Trans>
        </p>
      )}
    </div>
  );
}

function Groups({ slug, analysis }: { slug: string; analysis: Analysis }) {
  const { i18n } = useLingui();
  const voters = formatNumber(i18n.locale, analysis.voterCount);
  const placed = formatNumber(i18n.locale, analysis.placedCount);
  const count = analysis.groups.length;
  return (
    <>
      <p className="strategy-summary">
        <Trans>
          {voters} people voted; the {placed} who voted on enough ideas fall into{" "}
          <Plural value={count} one="# opinion group" other="# opinion groups" />.
        </Trans>
      </p>
      <YourGroup group={analysis.viewerGroup ?? null} />
      <OpinionMap points={analysis.map} viewerPoint={analysis.viewerPoint} viewerGroup={analysis.viewerGroup} />
      <section className="strategy-section" aria-labelledby="strategy-groups-heading">
        <h2 id="strategy-groups-heading">
          <Trans>What marks each group out</Trans>
        </h2>
        <ul className="strategy-groups">
          {analysis.groups.map((group) => (
            <li key={group.id} className="card strategy-group">
              <GroupCard slug={slug} group={group} own={group.id === analysis.viewerGroup} />
            </li>
          ))}
        </ul>
      </section>
      <IdeaOpinions slug={slug} analysis={analysis} />
    </>
  );
}

function YourGroup({ group }: { group: number | null }) {
  const letter = group === null ? "" : groupLetter(group);
  return (
    <p className="strategy-your-group">
      {group === null ? (
        <Trans>You have not voted on enough ideas to be placed in a group.</Trans>
      ) : (
        <>
          <span className="strategy-swatch" style={{ background: groupColor(group) }} aria-hidden="true" />
          <Trans>Your votes place you in group {letter}.</Trans>
        </>
      )}
    </p>
  );
}

function GroupCard({ slug, group, own }: { slug: string; group: Group; own: boolean }) {
  const letter = groupLetter(group.id);
  const headingId = `strategy-group-${group.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h3 id={headingId} className="strategy-group-title">
        <span className="strategy-swatch" style={{ background: groupColor(group.id) }} aria-hidden="true" />
        <Trans>Group {letter}</Trans>{" "}
        <span className="muted strategy-group-size">
          <Plural value={group.size} one="# person" other="# people" />
        </span>
        {own ? (
          <span className="badge strategy-badge">
            <Trans>Your group</Trans>
          </span>
        ) : null}
      </h3>
      {group.representativeIdeas.length === 0 ? (
        <p className="muted">
          <Trans>No idea sets this group apart clearly.</Trans>
        </p>
      ) : (
        <ul className="strategy-idea-list">
          {group.representativeIdeas.map((representative, index) => (
            <li key={representative.idea?.id ?? index}>
              <RepresentativeIdea slug={slug} representative={representative} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function RepresentativeIdea({ slug, representative }: { slug: string; representative: Group["representativeIdeas"][number] }) {
  const { i18n } = useLingui();
  const restShare = representative.kind === "AGREE" ? representative.restAgreeShare : representative.restDisagreeShare;
  const rest = formatPercent(i18n.locale, restShare);
  return (
    <>
      <span className={representative.kind === "AGREE" ? "badge strategy-kind-agree" : "badge strategy-kind-disagree"}>
        {representative.kind === "AGREE" ? <Trans>Agree more</Trans> : <Trans>Disagree more</Trans>}
      </span>{" "}
      <IdeaLink slug={slug} idea={representative.idea} />
      <ShareBar agree={representative.agreeShare} disagree={representative.disagreeShare} />
      <span className="muted strategy-rest">
        {representative.kind === "AGREE" ? (
          <Trans>Everyone else: {rest} agree</Trans>
        ) : (
          <Trans>Everyone else: {rest} disagree</Trans>
        )}
      </span>
    </>
  );
}

function IdeaOpinions({ slug, analysis }: { slug: string; analysis: Analysis }) {
  const { i18n } = useLingui();
  return (
    <div className="strategy-columns">
      <section className="strategy-section" aria-labelledby="strategy-consensus-heading">
        <h2 id="strategy-consensus-heading">
          <Trans>What every group agrees on</Trans>
        </h2>
        {analysis.consensusIdeas.length === 0 ? (
          <p className="empty">
            <Trans>No idea has the agreement of every group.</Trans>
          </p>
        ) : (
          <ol className="strategy-idea-list">
            {analysis.consensusIdeas.map((opinion, index) => (
              <li key={opinion.idea?.id ?? index}>
                <IdeaLink slug={slug} idea={opinion.idea} />
                <ShareBar agree={opinion.agreeShare} disagree={opinion.disagreeShare} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="strategy-section" aria-labelledby="strategy-divisive-heading">
        <h2 id="strategy-divisive-heading">
          <Trans>What divides the groups</Trans>
        </h2>
        {analysis.divisiveIdeas.length === 0 ? (
          <p className="empty">
            <Trans>No idea divides the groups.</Trans>
          </p>
        ) : (
          <ol className="strategy-idea-list">
            {analysis.divisiveIdeas.map((opinion, index) => {
              const spread = formatPercent(i18n.locale, opinion.spread ?? 0);
              return (
                <li key={opinion.idea?.id ?? index}>
                  <IdeaLink slug={slug} idea={opinion.idea} />
                  <ShareBar agree={opinion.agreeShare} disagree={opinion.disagreeShare} />
                  <span className="muted strategy-rest">
                    <Trans>The groups' agreement differs by up to {spread}.</Trans>
                  </span>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
