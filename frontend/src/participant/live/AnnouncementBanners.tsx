/** The moderators' announcements as banners above a page's content (the jam's home: jam-wide
 * ones; a forum or idea page: jam-wide ones and that forum's), newest first. Important ones
 * say "Important" (not colour alone) and stand out; each says who posted it when and can be
 * dismissed. New ones appear live and are read out (important ones assertively); retracted
 * ones go away. Bodies are rendered as text. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useReducer, useState } from "react";
import { Button } from "react-aria-components";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../../app/connection";
import { requestErrorMessage, userErrorMessage } from "../../app/errors";
import { formatDateTime, formatRelative } from "../../app/format";
import { userText } from "../../app/userText";
import { DismissAnnouncementDocument, JamAnnouncementsDocument } from "../../gql/graphql";
import { bannerAction, bannerReducer, NO_BANNER_CHANGES, showsOn, visibleBanners, type BannerAnnouncement } from "./announcements";
import { useJamActivity } from "./useJamActivity";
import "./announcements.css";

interface AnnouncementBannersProps {
  slug: string;
  jamId: string;
  /** The forum the page is about; null on the jam's home. */
  forumId: string | null;
}

export function AnnouncementBanners({ slug, jamId, forumId }: AnnouncementBannersProps) {
  const { t } = useLingui();
  const [{ data }, reexecute] = useQuery({
    query: JamAnnouncementsDocument,
    variables: { slug, forumId },
    // Dismissed elsewhere (another tab, another page) since it was cached: ask again.
    requestPolicy: "cache-and-network",
  });
  const [state, dispatch] = useReducer(bannerReducer, NO_BANNER_CHANGES);
  const [news, setNews] = useState<{ polite: string; assertive: string }>({ polite: "", assertive: "" });

  useJamActivity(jamId, (event) => {
    const action = bannerAction(event);
    dispatch(action);
    if (action.kind === "posted" && showsOn(action.announcement, forumId)) {
      const body = action.announcement.body;
      if (action.announcement.level === "IMPORTANT") {
        setNews({ polite: "", assertive: t`Important announcement: ${body}` });
      } else {
        setNews({ polite: t`New announcement: ${body}`, assertive: "" });
      }
    }
  });
  useEffect(() => onReconnected(() => reexecute({ requestPolicy: "network-only" })), [reexecute]);

  const banners = visibleBanners(data?.jam?.announcements ?? [], state, forumId);
  const dismissed = useCallback((id: string, next: string | null) => {
    dispatch({ kind: "dismissed", id });
    // The button is gone: go on to the next banner's, else to the page's heading.
    requestAnimationFrame(() => {
      const target = next ? document.getElementById(dismissButtonId(next)) : null;
      (target ?? document.querySelector<HTMLElement>("h1"))?.focus();
    });
  }, []);

  return (
    <>
      {banners.length > 0 ? (
        <section className="announcements" aria-label={t`Announcements`}>
          <ul className="announcement-list">
            {banners.map((announcement, index) => (
              <AnnouncementBanner
                key={announcement.id}
                announcement={announcement}
                onDismissed={() => dismissed(announcement.id, banners[index + 1]?.id ?? banners[index - 1]?.id ?? null)}
              />
            ))}
          </ul>
        </section>
      ) : null}
      <p role="status" className="visually-hidden">
        {news.polite}
      </p>
      <p aria-live="assertive" aria-atomic="true" className="visually-hidden">
        {news.assertive}
      </p>
    </>
  );
}

function dismissButtonId(announcementId: string): string {
  return `announcement-dismiss-${announcementId}`;
}

function AnnouncementBanner({ announcement, onDismissed }: { announcement: BannerAnnouncement; onDismissed(): void }) {
  const { t, i18n } = useLingui();
  const [{ fetching }, dismiss] = useMutation(DismissAnnouncementDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const important = announcement.level === "IMPORTANT";
  const bodyId = `announcement-body-${announcement.id}`;
  const name = userText(announcement.author.displayName);
  const when = formatRelative(i18n.locale, announcement.createdAt);

  async function press() {
    setFailure(null);
    const result = await dismiss({ input: { announcementId: announcement.id } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const refused = result.data?.dismissAnnouncement.errors[0];
    if (refused) {
      setFailure(userErrorMessage(i18n, refused));
      return;
    }
    onDismissed();
  }

  return (
    <li className={important ? "announcement announcement-important" : "announcement"}>
      <div className="announcement-text">
        <p className="announcement-body" id={bodyId}>
          {important ? <strong className="badge announcement-badge">{t`Important`}</strong> : null}{" "}
          <span>{announcement.body}</span>
        </p>
        <p className="announcement-meta muted">
          <Trans>
            From {name},{" "}
            <time dateTime={announcement.createdAt} title={formatDateTime(i18n.locale, announcement.createdAt)}>
              {when}
            </time>
          </Trans>
        </p>
        {failure ? (
          <p role="alert" className="announcement-error">
            {failure}
          </p>
        ) : null}
      </div>
      <Button
        id={dismissButtonId(announcement.id)}
        className="button announcement-dismiss"
        aria-describedby={bodyId}
        isDisabled={fetching}
        onPress={() => void press()}
      >
        {fetching ? t`Dismissing…` : t`Dismiss`}
      </Button>
    </li>
  );
}
