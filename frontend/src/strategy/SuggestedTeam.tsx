/** The follow-up team the network analysis suggests for a theme: its top contributors and the
 * people who connect it with related themes, with their unit and country (pseudonyms for
 * everyone but administrators, and rare units or countries shown as "Other"). */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback } from "react";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { formatRelative } from "../app/format";
import { userText } from "../app/userText";
import type { StrategyTeamsQuery } from "../gql/graphql";
import { StrategyTeamsDocument } from "./documents";
import { useRefetchOn } from "./live";
import { populationValue } from "./population";
import { RequestProblem } from "./states";

type Analysis = NonNullable<NonNullable<StrategyTeamsQuery["jam"]>["connectorAnalysis"]>;
type Member = Analysis["teams"][number]["members"][number];

export function SuggestedTeam({ slug, themeId }: { slug: string; themeId: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StrategyTeamsDocument,
    variables: { slug },
    requestPolicy: "cache-and-network",
  });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRefetchOn("connectors", refetch);
  const analysis = data?.jam?.connectorAnalysis;
  return (
    <section className="strategy-section" aria-labelledby="strategy-team-heading">
      <h3 id="strategy-team-heading">
        <Trans>Suggested team</Trans>
      </h3>
      {data === undefined && error ? <RequestProblem error={error} onRetry={refetch} /> : null}
      {data === undefined && !error && fetching ? <Loading /> : null}
      {data !== undefined && !analysis ? (
        <p className="muted">
          <Trans>The network analysis has not run yet: it suggests a team per theme once it has.</Trans>
        </p>
      ) : null}
      {analysis ? <Team analysis={analysis} themeId={themeId} /> : null}
    </section>
  );
}

function Team({ analysis, themeId }: { analysis: Analysis; themeId: string }) {
  const { i18n } = useLingui();
  const team = analysis.teams.find((candidate) => String(candidate.themeId) === themeId);
  const labels = new Map(analysis.teams.map((candidate) => [String(candidate.themeId), candidate.themeLabel]));
  const when = formatRelative(i18n.locale, analysis.createdAt);
  if (!team || team.members.length === 0) {
    return (
      <p className="muted">
        <Trans>The network analysis suggests no team for this theme.</Trans>
      </p>
    );
  }
  return (
    <>
      <p className="muted strategy-note">
        {analysis.pseudonymous ? (
          <Trans>From the network analysis of {when}. People appear by pseudonym: only administrators see names.</Trans>
        ) : (
          <Trans>From the network analysis of {when}.</Trans>
        )}
      </p>
      <ul className="strategy-team">
        {team.members.map((member, index) => (
          <li key={`${member.person.name}-${index}`} className="card strategy-team-member">
            <TeamMember member={member} relatedLabel={member.relatedTheme ? (labels.get(member.relatedTheme) ?? null) : null} />
          </li>
        ))}
      </ul>
      {team.notes.length > 0 ? (
        <ul className="strategy-team-notes muted">
          {team.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function TeamMember({ member, relatedLabel }: { member: Member; relatedLabel: string | null }) {
  const { t, i18n } = useLingui();
  const { person } = member;
  const related = userText(relatedLabel);
  const unit = person.orgUnit ? populationValue(i18n, "ORG_UNIT", person.orgUnit) : null;
  const country = person.country ? populationValue(i18n, "COUNTRY", person.country) : null;
  const facts = [
    unit === null ? null : t`Unit: ${unit}`,
    country === null ? null : t`Country: ${country}`,
    person.isGuest === true ? t`Guest` : person.isGuest === false ? t`Employee` : null,
  ].filter((fact) => fact !== null);
  return (
    <>
      <p className="strategy-team-name">{person.name}</p>
      <p className="strategy-team-role">
        {member.role === "connector" ? (
          relatedLabel ? (
            <Trans>Connector, with “{related}”</Trans>
          ) : (
            <Trans>Connector to a related theme</Trans>
          )
        ) : (
          <Trans>Top contributor</Trans>
        )}
      </p>
      {facts.length > 0 ? <p className="muted strategy-team-facts">{facts.join(" · ")}</p> : null}
    </>
  );
}
