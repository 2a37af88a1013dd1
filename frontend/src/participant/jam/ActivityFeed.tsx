/** A jam's live activity as it happens (see ../live/activityFeed.ts for what is listed):
 * a polite live region, so new lines are read out without moving focus. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Link } from "react-aria-components";

import { userText } from "../../app/userText";
import type { JamPhase } from "../../gql/graphql";
import type { FeedItem } from "../live/activityFeed";
import { jamPath } from "./JamsPage";

function timeOfDay(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(new Date(iso));
}

export function ActivityFeed({ slug, phase, items }: { slug: string; phase: JamPhase; items: readonly FeedItem[] }) {
  return (
    <div className="jam-feed" aria-live="polite" aria-relevant="additions text">
      {items.length === 0 ? (
        <p className="muted jam-feed-empty">
          {phase === "SCHEDULED" ? (
            <Trans>No activity yet: once the jam opens, new ideas and comments appear here as they are posted.</Trans>
          ) : (
            <Trans>No activity since you arrived. New ideas and comments appear here as they are posted.</Trans>
          )}
        </p>
      ) : (
        <ol className="jam-feed-list">
          {items.map((item) => (
            <li key={item.key} className="jam-feed-item">
              <FeedLine slug={slug} item={item} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function FeedLine({ slug, item }: { slug: string; item: FeedItem }) {
  const { i18n } = useLingui();
  const time = (
    <time className="jam-feed-time muted" dateTime={item.at}>
      {timeOfDay(i18n.locale, item.at)}
    </time>
  );
  switch (item.kind) {
    case "ideaPosted": {
      const author = userText(item.author.displayName);
      const title = userText(item.title);
      const forum = userText(item.forumTitle);
      return (
        <>
          {time}{" "}
          <Trans>
            {author} posted <Link href={jamPath(slug, `/ideas/${encodeURIComponent(item.ideaId)}`)}>{title}</Link> in{" "}
            <Link href={jamPath(slug, `/forums/${encodeURIComponent(item.forumId)}`)}>{forum}</Link>
          </Trans>
        </>
      );
    }
    case "commentAdded": {
      const author = userText(item.author.displayName);
      const title = userText(item.title);
      return (
        <>
          {time}{" "}
          <Trans>
            {author} commented on <Link href={jamPath(slug, `/ideas/${encodeURIComponent(item.ideaId)}`)}>{title}</Link>
          </Trans>
        </>
      );
    }
    case "themesUpdated":
      return (
        <>
          {time}{" "}
          <Trans>
            The themes were updated: <Link href={jamPath(slug, "/themes")}>see what people are talking about</Link>
          </Trans>
        </>
      );
    case "forumAdded": {
      const forum = userText(item.title);
      return (
        <>
          {time}{" "}
          <Trans>
            A new forum opened: <Link href={jamPath(slug, `/forums/${encodeURIComponent(item.forumId)}`)}>{forum}</Link>
          </Trans>
        </>
      );
    }
    case "jamUpdated":
      return (
        <>
          {time} <Trans>The moderators updated the jam (its details or its clock).</Trans>
        </>
      );
  }
}
