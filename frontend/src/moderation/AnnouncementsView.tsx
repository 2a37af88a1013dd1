/** Announcements: write one for the whole jam or a forum, and the jam's history of them with
 * "Retract". Other moderators' announcements and retractions arrive live. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../app/connection";
import { Loading } from "../app/fields";
import { formatDateTime } from "../app/format";
import { ModerationAnnouncementsDocument, ModerationRetractAnnouncementDocument } from "../gql/graphql";
import { newestFirst } from "./announcements";
import { AnnouncementComposer } from "./AnnouncementComposer";
import { AnnouncementHistory, type Announcement } from "./AnnouncementHistory";
import { ConfirmDialog } from "./ConfirmDialog";
import { RequestProblem } from "./controls";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { useModerationActivity } from "./useModerationActivity";
import { useReloadSoon } from "./useReloadSoon";

export function AnnouncementsView({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [{ data, error }, reexecute] = useQuery({
    query: ModerationAnnouncementsDocument,
    variables: { slug: jam.slug },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const reloadSoon = useReloadSoon(reload);
  useModerationActivity(jam.id, (event) => {
    if (event.__typename === "AnnouncementPosted" || event.__typename === "AnnouncementRetracted") reloadSoon();
  });
  useEffect(() => onReconnected(reload), [reload]);

  const [status, setStatus] = useState("");
  const [retracting, setRetracting] = useState<Announcement | null>(null);
  const [retractProblems, setRetractProblems] = useState<string[]>([]);
  const [{ fetching: busy }, retract] = useMutation(ModerationRetractAnnouncementDocument);

  async function confirmRetract() {
    if (!retracting) return;
    const result = await retract({ input: { announcementId: retracting.id } });
    const payload = result.data?.retractAnnouncement;
    const problems = problemsOf(i18n, result.error, payload);
    if (problems.length > 0) {
      setRetractProblems(problems);
      return;
    }
    const posted = formatDateTime(i18n.locale, retracting.createdAt);
    setRetracting(null);
    setStatus(t`The announcement of ${posted} is retracted: it is no longer shown.`);
    reload();
  }

  const history = data?.jam ? newestFirst(data.jam.announcementHistory) : null;
  return (
    <section aria-labelledby="moderation-announcements-heading" className="moderation-section-body">
      <h2 id="moderation-announcements-heading" className="moderation-heading">
        <Trans>Announcements</Trans>
      </h2>
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      <AnnouncementComposer
        jam={jam}
        onPosted={(message) => {
          setStatus(message);
          reload();
        }}
      />
      <section aria-labelledby="moderation-history-heading">
        <h3 id="moderation-history-heading" className="moderation-subheading">
          <Trans>History</Trans>
        </h3>
        {isForbidden(error) ? (
          <p role="alert" className="banner banner-info">
            <Trans>Only this jam's moderators can see this.</Trans>
          </p>
        ) : error && !history ? (
          <RequestProblem error={error} onRetry={reload} />
        ) : !history ? (
          <Loading />
        ) : (
          <AnnouncementHistory
            jam={jam}
            announcements={history}
            onRetract={(announcement) => {
              setRetractProblems([]);
              setRetracting(announcement);
            }}
          />
        )}
      </section>
      <ConfirmDialog
        isOpen={retracting !== null}
        title={t`Retract this announcement?`}
        action={t`Retract`}
        busy={busy}
        errors={retractProblems}
        onCancel={() => setRetracting(null)}
        onConfirm={() => void confirmRetract()}
      >
        <p>{t`Its banner is taken down everywhere, at once. It stays in this history, marked retracted.`}</p>
        {retracting ? <blockquote className="moderation-comment">{retracting.body}</blockquote> : null}
      </ConfirmDialog>
    </section>
  );
}
