/** The home page (`/`): the jams the viewer can see, latest start first, each with its clock,
 * its forums, the viewer's role, and Join (guests with their invitation code) or Open. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-aria-components";
import { useQuery } from "urql";

import { onReconnected } from "../../app/connection";
import { Loading } from "../../app/fields";
import { PageTitle } from "../../app/PageTitle";
import { useSession } from "../../app/session";
import { JamsDocument, type JamRole, type JamsQuery } from "../../gql/graphql";
import { JamClock } from "./JamClock";
import { JoinByCode } from "./JoinByCode";
import { JoinJam } from "./JoinJam";
import { RequestFailed } from "./states";
import { excerpt } from "./text";
import "./jam.css";

type JamSummary = JamsQuery["jams"][number];

export function jamPath(slug: string, rest = ""): string {
  return `/jams/${encodeURIComponent(slug)}${rest}`;
}

export function JamsPage() {
  const { t } = useLingui();
  const { viewer } = useSession();
  const [{ data, error, fetching }, refetch] = useQuery({ query: JamsDocument });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  useEffect(() => onReconnected(() => refetch({ requestPolicy: "network-only" })), [refetch]);
  const guest = viewer?.kind === "GUEST";

  let body: React.ReactNode;
  if (data === undefined && fetching) body = <Loading />;
  else if (data === undefined && error) body = <RequestFailed error={error} onRetry={refresh} />;
  else if (data && data.jams.length === 0) body = <NoJams guest={guest} />;
  else if (data) {
    body = (
      <ul className="jam-list" aria-label={t`Jams`}>
        {data.jams.map((jam) => (
          <li key={jam.id}>
            <JamCard jam={jam} guest={guest} onPhaseChange={refresh} />
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="jam-page">
      <PageTitle title={t`Your jams`} />
      <p className="muted">
        <Trans>Time-boxed brainstorms: post ideas into a jam's forums, comment and vote while it is live.</Trans>
      </p>
      {body}
      <JoinByCode />
    </div>
  );
}

function NoJams({ guest }: { guest: boolean }) {
  return (
    <div className="empty">
      {guest ? (
        <Trans>
          No jams for you yet. As a guest you see only the jams you were invited to: if you expected one here, ask its
          moderators for an invitation.
        </Trans>
      ) : (
        <Trans>
          There are no jams yet. Administrators create jams; when one is scheduled it appears here, and you can join it.
        </Trans>
      )}
    </div>
  );
}

export function RoleTag({ role }: { role: JamRole }) {
  return (
    <span className="tag jam-role">
      {role === "MODERATOR" ? <Trans>You moderate this jam</Trans> : <Trans>You are a participant</Trans>}
    </span>
  );
}

function JamCard({ jam, guest, onPhaseChange }: { jam: JamSummary; guest: boolean; onPhaseChange: () => void }) {
  const { t } = useLingui();
  const [joined, setJoined] = useState(false);
  const open = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // After joining, the Join button is gone: keep the keyboard where the person was.
    if (joined && jam.viewerRole) open.current?.focus();
  }, [joined, jam.viewerRole]);
  const forums = jam.forums.length;
  const title = jam.title;
  const summary = excerpt(jam.description);
  const headingId = `jam-${jam.id}-title`;
  return (
    <article className="card jam-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="jam-card-title">
        <Link href={jamPath(jam.slug)}>{jam.title}</Link>
      </h2>
      <div className="row jam-meta">
        <JamClock jam={jam} onPhaseChange={onPhaseChange} />
        <span className="muted">
          <Plural value={forums} _0="No forums" one="# forum" other="# forums" />
        </span>
        {jam.viewerRole ? <RoleTag role={jam.viewerRole} /> : null}
      </div>
      {summary ? <p className="jam-excerpt">{summary}</p> : null}
      <div className="jam-card-actions">
        {jam.viewerRole ? (
          <Link ref={open} href={jamPath(jam.slug)} className="button button-primary" aria-label={t`Open ${title}`}>
            {t`Open`}
          </Link>
        ) : (
          <JoinJam jamId={jam.id} jamTitle={jam.title} guest={guest} onJoined={() => setJoined(true)} />
        )}
      </div>
      <p role="status" className="visually-hidden">
        {joined && jam.viewerRole ? t`You joined ${title}.` : ""}
      </p>
    </article>
  );
}
