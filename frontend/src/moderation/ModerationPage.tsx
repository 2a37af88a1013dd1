/** The moderator console (`/jams/:slug/moderate/*`): the flag queue, the jam's members, the
 * moderation log, announcements, merges and shifts, one route each under one heading. Only the jam's moderators see it; the API
 * refuses everyone else (FORBIDDEN), and so does this page. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Link, NavLink, Route, Routes, useParams } from "react-router";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { ModerationJamDocument, type ModerationJamQuery } from "../gql/graphql";
import { AnnouncementsView } from "./AnnouncementsView";
import { LogView } from "./LogView";
import { MembersView } from "./MembersView";
import { MergesView } from "./MergesView";
import { isForbidden } from "./paging";
import { QueueView } from "./QueueView";
import { RequestProblem } from "./controls";
import { ShiftPage } from "./ShiftPage";
import { ShiftsView } from "./ShiftsView";
import "./moderation.css";

export type ModeratedJam = NonNullable<ModerationJamQuery["jam"]>;

export function ModerationPage() {
  const { slug = "" } = useParams();
  const { t } = useLingui();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ModerationJamDocument,
    variables: { slug },
    requestPolicy: "cache-and-network",
  });
  const jam = data?.jam;
  if (jam && jam.viewerCanModerate) return <Console jam={jam} />;
  if (jam || isForbidden(error)) return <Forbidden slug={slug} />;
  if (data === undefined && error) {
    return (
      <>
        <PageTitle title={t`Moderation`} />
        <RequestProblem error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      </>
    );
  }
  if (data === undefined || fetching) {
    return (
      <>
        <PageTitle title={t`Moderation`} />
        <Loading />
      </>
    );
  }
  return (
    <>
      <PageTitle title={t`Jam not found`} />
      <p>
        <Trans>
          There is no jam at this address, or it is not open to you. <Link to="/">See your jams</Link>.
        </Trans>
      </p>
    </>
  );
}

function Forbidden({ slug }: { slug: string }) {
  const { t } = useLingui();
  return (
    <>
      <PageTitle title={t`Moderation`} />
      <p role="alert" className="banner banner-info">
        <Trans>Only this jam's moderators can see this.</Trans>
      </p>
      <p>
        <Link to={`/jams/${encodeURIComponent(slug)}`}>
          <Trans>Back to the jam</Trans>
        </Link>
      </p>
    </>
  );
}

function Console({ jam }: { jam: ModeratedJam }) {
  const { t } = useLingui();
  const jamTitle = jam.title;
  return (
    <div className="moderation-page">
      <nav aria-label={t`Breadcrumb`} className="moderation-breadcrumbs">
        <ol>
          <li>
            <Link to="/">{t`Your jams`}</Link>
          </li>
          <li>
            <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>{jamTitle}</Link>
          </li>
          <li>
            <span aria-current="page">{t`Moderation`}</span>
          </li>
        </ol>
      </nav>
      <PageTitle title={t`Moderation · ${jamTitle}`} />
      <Sections slug={jam.slug} />
      <Routes>
        <Route index element={<QueueView jam={jam} />} />
        <Route path="members" element={<MembersView jam={jam} />} />
        <Route path="log" element={<LogView jam={jam} />} />
        <Route path="announcements" element={<AnnouncementsView jam={jam} />} />
        <Route path="merges" element={<MergesView jam={jam} />} />
        <Route path="shifts" element={<ShiftsView jam={jam} />} />
        <Route path="shifts/:shiftId" element={<ShiftPage jam={jam} />} />
        <Route
          path="*"
          element={
            <p className="empty">
              <Trans>This part of the console does not exist.</Trans>
            </p>
          }
        />
      </Routes>
    </div>
  );
}

/** Queue, Members, Log, Announcements, Merges, Shifts: links to the console's routes; the current one is marked. */
function Sections({ slug }: { slug: string }) {
  const { t } = useLingui();
  const base = `/jams/${encodeURIComponent(slug)}/moderate`;
  const sections = [
    { to: base, label: t`Queue`, end: true },
    { to: `${base}/members`, label: t`Members`, end: false },
    { to: `${base}/log`, label: t`Log`, end: false },
    { to: `${base}/announcements`, label: t`Announcements`, end: false },
    { to: `${base}/merges`, label: t`Merges`, end: false },
    { to: `${base}/shifts`, label: t`Shifts`, end: false },
  ];
  return (
    <nav aria-label={t`Moderation sections`} className="moderation-sections">
      <ul>
        {sections.map((section) => (
          <li key={section.to}>
            <NavLink to={section.to} end={section.end} className="moderation-section">
              {section.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
