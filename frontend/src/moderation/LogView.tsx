/** The jam's moderation log, newest first: who did what to which item and why, filtered by
 * action, with the whole log as a CSV download. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Link } from "react-router";

import { Loading } from "../app/fields";
import { formatDateTime } from "../app/format";
import { ModerationLogDocument, type ModerationLogQuery } from "../gql/graphql";
import { ALL, FilterSelect, LoadMore, RequestProblem } from "./controls";
import type { ModeratedJam } from "./ModerationPage";
import { actionLabel, subjectLabel } from "./options";
import { isForbidden } from "./paging";
import { usePagedQuery } from "./usePagedQuery";

type Entry = NonNullable<ModerationLogQuery["jam"]>["moderationLog"]["nodes"][number];

const PAGE_SIZE = 50;

export function LogView({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [action, setAction] = useState(ALL);
  const log = usePagedQuery({
    query: ModerationLogDocument,
    variables: { slug: jam.slug, action: action === ALL ? null : action },
    pick: (data) => data.jam?.moderationLog,
    nodesOf: (connection) => connection.nodes,
    keyOf: (entry) => entry.id,
    pageSize: PAGE_SIZE,
  });
  // The actions come with the log; until it has arrived the filter offers the one chosen.
  const [actions, setActions] = useState<readonly string[]>([]);
  const known = log.connection?.actions;
  if (known && known.join() !== actions.join()) setActions(known);
  const choices = [
    { id: ALL, label: t`All actions` },
    ...(actions.includes(action) || action === ALL ? actions : [...actions, action]).map((id) => ({
      id,
      label: actionLabel(i18n, id),
    })),
  ];
  return (
    <section aria-labelledby="moderation-log-heading" className="moderation-section-body">
      <h2 id="moderation-log-heading" className="moderation-heading">
        {log.loading ? (
          <Trans>Log</Trans>
        ) : (
          <Plural value={log.totalCount} _0="Log: no entries" one="Log: # entry" other="Log: # entries" />
        )}
      </h2>
      <div className="row moderation-filters">
        <FilterSelect label={t`Action`} value={action} choices={choices} onChange={setAction} />
        <a className="button moderation-download" href={`/jams/${encodeURIComponent(jam.id)}/moderation-log.csv`} download>
          <Trans>Download CSV</Trans>
        </a>
      </div>
      {isForbidden(log.error) ? (
        <p role="alert" className="banner banner-info">
          <Trans>Only this jam's moderators can see this.</Trans>
        </p>
      ) : log.error && log.nodes.length === 0 ? (
        <RequestProblem error={log.error} onRetry={log.reload} />
      ) : log.loading ? (
        <Loading />
      ) : log.nodes.length === 0 ? (
        <p className="empty">
          <Trans>Nothing has been logged yet.</Trans>
        </p>
      ) : (
        <>
          <ol className="moderation-list moderation-log">
            {log.nodes.map((entry) => (
              <li key={entry.id}>
                <LogEntry entry={entry} slug={jam.slug} />
              </li>
            ))}
          </ol>
          {log.error ? <RequestProblem error={log.error} onRetry={log.reload} /> : null}
          {log.hasNextPage ? (
            <LoadMore shown={log.nodes.length} total={log.totalCount} busy={log.loadingMore} onPress={log.loadMore} />
          ) : null}
        </>
      )}
    </section>
  );
}

function LogEntry({ entry, slug }: { entry: Entry; slug: string }) {
  const { t, i18n } = useLingui();
  const subject = subjectLabel(i18n, entry.subjectType, entry.subjectId);
  return (
    <article className="card moderation-log-entry" aria-label={`${actionLabel(i18n, entry.action)}, ${formatDateTime(i18n.locale, entry.at)}`}>
      <dl className="moderation-facts">
        <div>
          <dt>{t`When`}</dt>
          <dd>
            <time dateTime={entry.at}>{formatDateTime(i18n.locale, entry.at)}</time>
          </dd>
        </div>
        <div>
          <dt>{t`Who`}</dt>
          <dd>{entry.actor ? entry.actor.displayName : t`Flags (automatic)`}</dd>
        </div>
        <div>
          <dt>{t`Action`}</dt>
          <dd className="moderation-log-action">{actionLabel(i18n, entry.action)}</dd>
        </div>
        <div>
          <dt>{t`Subject`}</dt>
          <dd>
            {entry.subjectType === "idea" && entry.subjectId ? (
              <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(entry.subjectId)}`}>{subject}</Link>
            ) : (
              subject
            )}
          </dd>
        </div>
        <div className="moderation-fact-wide">
          <dt>{t`Reason`}</dt>
          <dd>{entry.reason || "—"}</dd>
        </div>
      </dl>
    </article>
  );
}
