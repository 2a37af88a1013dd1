/** How the announcement's banner will read: its level, its text as typed (plain text, never
 * markup) and where it shows. */
import { Trans, useLingui } from "@lingui/react/macro";

import { userText } from "../app/userText";
import type { AnnouncementLevel } from "../gql/graphql";

interface AnnouncementPreviewProps {
  body: string;
  level: AnnouncementLevel;
  /** The forum's title, or null for the whole jam. */
  forumTitle: string | null;
}

export function AnnouncementPreview({ body, level, forumTitle: forum }: AnnouncementPreviewProps) {
  const { t } = useLingui();
  const text = body.trim();
  const forumTitle = userText(forum);
  return (
    <section aria-labelledby="moderation-preview-heading" className="moderation-preview">
      <h3 id="moderation-preview-heading" className="moderation-subheading">
        <Trans>Preview</Trans>
      </h3>
      <div className={level === "IMPORTANT" ? "moderation-banner moderation-banner-important" : "moderation-banner"}>
        <span className="badge moderation-level">{level === "IMPORTANT" ? t`Important` : t`Announcement`}</span>
        {text ? (
          <p className="moderation-banner-text">{text}</p>
        ) : (
          <p className="moderation-banner-text muted">
            <Trans>Your announcement appears here.</Trans>
          </p>
        )}
      </div>
      <p className="muted moderation-hint">
        {forum === null ? (
          <Trans>Shown at the top of every page of the jam, live, until it is retracted or dismissed.</Trans>
        ) : (
          <Trans>Shown at the top of the pages of the forum “{forumTitle}”, live, until it is retracted or dismissed.</Trans>
        )}
      </p>
    </section>
  );
}
