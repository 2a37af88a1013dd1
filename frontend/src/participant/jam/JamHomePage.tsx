/** A jam's home (`/jams/:slug`): what it is about, its clock, its forums, its current themes
 * and what happens in it right now (the `jamActivity` stream). Read-only outside its live
 * window; people who have not joined see a Join button instead of "Post an idea". */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { Link } from "react-aria-components";
import { useParams } from "react-router";
import { useQuery } from "urql";

import { onReconnected } from "../../app/connection";
import { Loading } from "../../app/fields";
import { formatDateTime, formatNumber, formatRelative } from "../../app/format";
import { PageTitle } from "../../app/PageTitle";
import { useSession } from "../../app/session";
import { userText } from "../../app/userText";
import { JamHomeDocument, type JamHomeQuery, type JamPhase } from "../../gql/graphql";
import { mayAnalyse } from "../../strategy/access";
import { feedReducer } from "../live/activityFeed";
import { AnnouncementBanners } from "../live/AnnouncementBanners";
import { useJamActivity, type JamActivityEvent } from "../live/useJamActivity";
import { ActivityFeed } from "./ActivityFeed";
import { phaseAt } from "./clock";
import { JamClock, useNow } from "./JamClock";
import { jamPath, RoleTag } from "./JamsPage";
import { JoinJam } from "./JoinJam";
import { RequestFailed } from "./states";
import { paragraphs } from "./text";
import "./jam.css";

type Jam = NonNullable<JamHomeQuery["jam"]>;

/** How many themes the jam's page shows (the themes page has them all). */
export const TOP_THEMES = 5;

export function JamHomePage() {
  const { slug = "" } = useParams();
  const { t } = useLingui();
  const [{ data, error, fetching }, refetch] = useQuery({ query: JamHomeDocument, variables: { slug } });
  const refresh = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  useEffect(() => onReconnected(refresh), [refresh]);

  if (data === undefined && fetching) return <Loading />;
  if (data === undefined && error) {
    return (
      <>
        <PageTitle title={t`Jam`} />
        <RequestFailed error={error} onRetry={refresh} />
      </>
    );
  }
  const jam = data?.jam;
  if (!jam) return <JamNotFound />;
  return <JamHome key={jam.id} jam={jam} refresh={refresh} />;
}

function JamNotFound() {
  const { t } = useLingui();
  return (
    <>
      <PageTitle title={t`Jam not found`} />
      <p>
        <Trans>
          There is no jam at this address, or it is not open to you: guests see only the jams they were invited to.{" "}
          <Link href="/">See your jams</Link>.
        </Trans>
      </p>
    </>
  );
}

function JamHome({ jam, refresh }: { jam: Jam; refresh: () => void }) {
  const { viewer } = useSession();
  const now = useNow();
  const phase = phaseAt(jam, now);
  const [feed, addToFeed] = useReducer(feedReducer, []);
  useJamActivity(jam.id, (event: JamActivityEvent) => {
    addToFeed(event);
    // What an event does not carry: a new forum list, the new themes, the jam as it is now.
    if (
      event.__typename === "ForumAdded" ||
      event.__typename === "JamUpdated" ||
      (event.__typename === "ThemesUpdated" && event.forumId === null)
    ) {
      refresh();
    }
  });
  const member = jam.viewerRole != null;
  const [joined, setJoined] = useState(false);
  const postLink = useRef<HTMLAnchorElement>(null);
  const page = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The Join button is gone once joined: keep the keyboard in the page (on "Post an idea"
    // when the jam is live, else on the heading).
    if (!joined || !member) return;
    (postLink.current ?? page.current?.querySelector<HTMLElement>("h1"))?.focus();
  }, [joined, member]);
  return (
    <div className="jam-page jam-home" ref={page}>
      <PageTitle title={jam.title} />
      <AnnouncementBanners slug={jam.slug} jamId={jam.id} forumId={null} />
      <div className="row jam-meta">
        <JamClock jam={jam} onPhaseChange={refresh} />
        {jam.viewerRole ? <RoleTag role={jam.viewerRole} /> : null}
      </div>
      <ReadOnlyBanner phase={phase} startsAt={jam.startsAt} />
      <Description text={jam.description} />
      <div className="jam-actions">
        {member && phase === "LIVE" ? (
          <Link ref={postLink} href={jamPath(jam.slug, "/post")} className="button button-primary">
            <Trans>Post an idea</Trans>
          </Link>
        ) : null}
        {!member && phase !== "CLOSED" ? (
          <JoinPanel jam={jam} guest={viewer?.kind === "GUEST"} onJoined={() => setJoined(true)} />
        ) : null}
        {jam.viewerCanModerate ? (
          <>
            {" "}
            <Link href={jamPath(jam.slug, "/moderate")} className="button">
              <Trans>Moderate</Trans>
            </Link>
          </>
        ) : null}
        {mayAnalyse(viewer?.role, jam.viewerCanModerate) ? (
          <>
            {" "}
            <Link href={jamPath(jam.slug, "/strategy")} className="button">
              <Trans>Strategy</Trans>
            </Link>
          </>
        ) : null}
      </div>
      <p role="status" className="visually-hidden">
        {joined && member ? <Trans>You joined this jam.</Trans> : null}
      </p>
      <div className="jam-columns">
        <Forums jam={jam} canPost={member && phase === "LIVE"} />
        <div className="jam-side">
          <Themes jam={jam} closed={phase === "CLOSED"} />
          {phase !== "CLOSED" || feed.length > 0 ? (
            // A closed jam has nothing live to show, unless something happens all the same
            // (a moderator hides an idea, or extends the jam).
            <section className="jam-section" aria-labelledby="jam-activity-heading">
              <h2 id="jam-activity-heading">
                <Trans>Live activity</Trans>
              </h2>
              <ActivityFeed slug={jam.slug} phase={phase} items={feed} />
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** Says why nothing can be written: the jam is not open yet, or it is over. A status region,
 * so the change is read out when the jam opens or closes while the page is open. */
function ReadOnlyBanner({ phase, startsAt }: { phase: JamPhase; startsAt: string }) {
  const { i18n } = useLingui();
  const opens = formatDateTime(i18n.locale, startsAt);
  const relative = formatRelative(i18n.locale, startsAt);
  return (
    <div role="status" className="jam-banner-slot">
      {phase === "SCHEDULED" ? (
        <p className="banner banner-info">
          <Trans>
            This jam opens on {opens} ({relative}). Until then you can look around; posting ideas, comments and votes open
            then.
          </Trans>
        </p>
      ) : null}
      {phase === "CLOSED" ? (
        <p className="banner banner-info">
          <Trans>This jam is over: nothing can be posted, commented or voted any more, but all its ideas can still be read.</Trans>
        </p>
      ) : null}
    </div>
  );
}

function Description({ text }: { text: string }) {
  const parts = paragraphs(text);
  if (parts.length === 0) return null;
  return (
    <div className="jam-description">
      {parts.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}

function JoinPanel({ jam, guest, onJoined }: { jam: Jam; guest: boolean; onJoined: () => void }) {
  return (
    <div className="card jam-join-panel">
      <p>
        <Trans>You have not joined this jam. Join it to post ideas, comment and vote.</Trans>
      </p>
      <JoinJam jamId={jam.id} jamTitle={jam.title} guest={guest} onJoined={onJoined} />
    </div>
  );
}

function Forums({ jam, canPost }: { jam: Jam; canPost: boolean }) {
  const forums = [...jam.forums].sort((a, b) => a.position - b.position);
  return (
    <section className="jam-section jam-forums" aria-labelledby="jam-forums-heading">
      <h2 id="jam-forums-heading">
        <Trans>Forums</Trans>
      </h2>
      {forums.length === 0 ? (
        <p className="empty">
          <Trans>This jam has no forums yet. Its moderators add them; they will appear here.</Trans>
        </p>
      ) : (
        <ul className="jam-forum-list">
          {forums.map((forum) => (
            <ForumCard key={forum.id} slug={jam.slug} forum={forum} canPost={canPost} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ForumCard({ slug, forum, canPost }: { slug: string; forum: Jam["forums"][number]; canPost: boolean }) {
  const count = forum.ideaCount;
  const forumTitle = userText(forum.title);
  return (
    <li className="card jam-forum">
      <h3 className="jam-forum-title">
        <Link href={jamPath(slug, `/forums/${encodeURIComponent(forum.id)}`)}>{forum.title}</Link>
      </h3>
      {forum.question ? <p className="jam-forum-question">{forum.question}</p> : null}
      <div className="row jam-forum-meta">
        <span className="muted">
          <Plural value={count} _0="No ideas yet" one="# idea" other="# ideas" />
        </span>
        {canPost ? (
          <Link href={jamPath(slug, `/post?forum=${encodeURIComponent(forum.id)}`)} className="jam-forum-post">
            <Trans>
              Post an idea here<span className="visually-hidden">: {forumTitle}</span>
            </Trans>
          </Link>
        ) : null}
      </div>
    </li>
  );
}

function ThemesWhen({ ideaCount, fittedAt }: { ideaCount: number; fittedAt: string }) {
  const { i18n } = useLingui();
  const ideas = formatNumber(i18n.locale, ideaCount);
  const when = formatRelative(i18n.locale, fittedAt);
  return (
    <p className="muted jam-themes-when">
      <Trans>
        Grouped from {ideas} ideas, {when}.
      </Trans>
    </p>
  );
}

function ThemeLine({ label, size, largest }: { label: string; size: number; largest: number }) {
  const count = size;
  return (
    <li className="jam-theme">
      <span className="jam-theme-label">{label}</span>
      <span className="jam-theme-size muted">
        <Plural value={count} one="# idea" other="# ideas" />
      </span>
      <span className="jam-theme-bar" aria-hidden="true">
        <span style={{ width: `${Math.round((size / largest) * 100)}%` }} />
      </span>
    </li>
  );
}

function Themes({ jam, closed }: { jam: Jam; closed: boolean }) {
  const snapshot = jam.themes;
  const top = snapshot ? snapshot.themes.slice(0, TOP_THEMES) : [];
  const largest = Math.max(1, ...top.map((theme) => theme.size));
  return (
    <section className="jam-section jam-themes" aria-labelledby="jam-themes-heading">
      <h2 id="jam-themes-heading">
        <Trans>Current themes</Trans>
      </h2>
      {snapshot === null || snapshot === undefined || top.length === 0 ? (
        <p className="muted">
          {closed ? (
            <Trans>This jam has no themes: too few ideas were posted to group them.</Trans>
          ) : (
            <Trans>
              No themes yet. Once enough ideas are posted they are grouped into themes here, and regrouped as the jam goes
              on.
            </Trans>
          )}
        </p>
      ) : (
        <>
          <ol className="jam-theme-list">
            {top.map((theme) => (
              <ThemeLine key={theme.id} label={theme.label} size={theme.size} largest={largest} />
            ))}
          </ol>
          <ThemesWhen ideaCount={snapshot.ideaCount} fittedAt={snapshot.fittedAt} />
          <Link href={jamPath(jam.slug, "/themes")}>
            <Trans>All themes</Trans>
          </Link>
        </>
      )}
    </section>
  );
}
