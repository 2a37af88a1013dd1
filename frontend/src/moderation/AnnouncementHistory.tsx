/** Every announcement of the jam, newest first, retracted ones marked: its text, level,
 * where it shows, who posted it and when, and "Retract" (confirmed) for those still shown. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Button } from "react-aria-components";

import { formatDateTime } from "../app/format";
import type { ModerationAnnouncementFieldsFragment } from "../gql/graphql";
import type { ModeratedJam } from "./ModerationPage";

export type Announcement = ModerationAnnouncementFieldsFragment;

interface AnnouncementHistoryProps {
  jam: ModeratedJam;
  announcements: readonly Announcement[];
  onRetract(announcement: Announcement): void;
}

export function AnnouncementHistory({ jam, announcements, onRetract }: AnnouncementHistoryProps) {
  if (announcements.length === 0) {
    return (
      <p className="empty">
        <Trans>No announcements yet.</Trans>
      </p>
    );
  }
  const forumTitles = new Map(jam.forums.map((forum) => [forum.id, forum.title]));
  return (
    <ol className="moderation-list">
      {announcements.map((announcement) => (
        <li key={announcement.id}>
          <AnnouncementEntry
            announcement={announcement}
            forumTitle={announcement.forumId ? (forumTitles.get(announcement.forumId) ?? null) : null}
            onRetract={() => onRetract(announcement)}
          />
        </li>
      ))}
    </ol>
  );
}

interface AnnouncementEntryProps {
  announcement: Announcement;
  /** Null for the whole jam (or a forum this page does not know). */
  forumTitle: string | null;
  onRetract(): void;
}

function AnnouncementEntry({ announcement, forumTitle, onRetract }: AnnouncementEntryProps) {
  const { t, i18n } = useLingui();
  const posted = formatDateTime(i18n.locale, announcement.createdAt);
  const retracted = announcement.retractedAt ? formatDateTime(i18n.locale, announcement.retractedAt) : null;
  const important = announcement.level === "IMPORTANT";
  const headingId = `announcement-${announcement.id.replace(/[^\w-]/g, "-")}`;
  const scope = announcement.forumId === null || announcement.forumId === undefined ? t`The whole jam` : (forumTitle ?? t`A forum`);
  return (
    <article
      className={retracted ? "card moderation-announcement moderation-announcement-retracted" : "card moderation-announcement"}
      aria-labelledby={headingId}
    >
      <div className="row moderation-item-head">
        <h3 id={headingId} className="visually-hidden">
          {important ? t`Important announcement of ${posted}` : t`Announcement of ${posted}`}
        </h3>
        <span className={important ? "badge moderation-level moderation-level-important" : "badge moderation-level"}>
          {important ? t`Important` : t`Info`}
        </span>
        {retracted ? <span className="badge badge-closed">{t`Retracted`}</span> : <span className="badge badge-live">{t`Shown`}</span>}
      </div>
      <p className="moderation-announcement-body">{announcement.body}</p>
      <dl className="moderation-facts">
        <div>
          <dt>{t`Shown in`}</dt>
          <dd>{scope}</dd>
        </div>
        <div>
          <dt>{t`Who`}</dt>
          <dd>{announcement.author.displayName}</dd>
        </div>
        <div>
          <dt>{t`When`}</dt>
          <dd>
            <time dateTime={announcement.createdAt}>{posted}</time>
          </dd>
        </div>
        {retracted && announcement.retractedAt ? (
          <div>
            <dt>{t`Retracted`}</dt>
            <dd>
              <time dateTime={announcement.retractedAt}>{retracted}</time>
            </dd>
          </div>
        ) : null}
      </dl>
      {retracted ? null : (
        <div className="row">
          <Button className="button" onPress={onRetract}>
            <Trans>
              Retract<span className="visually-hidden">: announcement of {posted}</span>
            </Trans>
          </Button>
        </div>
      )}
    </article>
  );
}
