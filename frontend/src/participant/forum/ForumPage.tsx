/** A forum of a jam: its question, its ideas (sorted, searched, filtered by tag, a page at a
 * time) and, while the page is open, how many new ideas arrived, offered rather than pushed in. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState } from "react";
import { Button } from "react-aria-components";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";

import { onReconnected } from "../../app/connection";
import { requestErrorMessage } from "../../app/errors";
import { Loading } from "../../app/fields";
import { formatDateTime } from "../../app/format";
import { PageTitle } from "../../app/PageTitle";
import { userText } from "../../app/userText";
import { ForumPageDocument, ForumPinnedDocument, type EditorialLabel, type ForumPageQuery } from "../../gql/graphql";
import { AnnouncementBanners } from "../live/AnnouncementBanners";
import "./forum.css";
import { Breadcrumbs } from "./Breadcrumbs";
import { ForumControls } from "./ForumControls";
import { IdeaList } from "./IdeaList";
import { MuteNotice } from "./MuteNotice";
import { PinnedIdeas } from "./PinnedIdeas";
import { useForumActivity } from "./useForumActivity";
import { forumViewSearch, parseForumView, viewKey, type ForumView } from "./urlState";

type ForumJam = NonNullable<ForumPageQuery["jam"]>;
type Forum = ForumJam["forums"][number];

export function ForumPage() {
  const { slug = "", forumId = "" } = useParams();
  const { t, i18n } = useLingui();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ForumPageDocument, variables: { slug } });
  const jam = data?.jam;
  const forum = jam?.forums.find((candidate) => candidate.id === forumId);
  const refetchJam = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);

  if (!data && fetching) return <Loading />;
  if (error && !data) {
    return (
      <>
        <PageTitle title={t`Forum`} />
        <div role="alert" className="banner banner-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
            {t`Retry`}
          </Button>
        </div>
      </>
    );
  }
  if (!jam || !forum) {
    return (
      <>
        <PageTitle title={t`Forum not found`} />
        <p>
          <Trans>
            This forum does not exist, or you cannot see it. <Link to="/">See your jams</Link>.
          </Trans>
        </p>
      </>
    );
  }
  return <ForumContent jam={jam} forum={forum} refetchJam={refetchJam} />;
}

function ForumContent({ jam, forum, refetchJam }: { jam: ForumJam; forum: Forum; refetchJam(): void }) {
  const { t } = useLingui();
  const [params, setParams] = useSearchParams();
  const view = parseForumView(params);
  const activity = useForumActivity(jam.id, forum.id);
  const { clearNew } = activity;
  const [reloadToken, setReloadToken] = useState(0);
  const [restartToken, setRestartToken] = useState(0);
  const [focusIds, setFocusIds] = useState<readonly string[] | null>(null);
  // The pinned ideas come before the list is shown, so that the list does not move down.
  const [pinned, refetchPinned] = useQuery({ query: ForumPinnedDocument, variables: { slug: jam.slug } });
  const pinnedIdeas = pinned.data?.jam?.forums.find((candidate) => candidate.id === forum.id)?.pinnedIdeas ?? [];
  const pinnedReady = pinned.data !== undefined || pinned.error !== undefined;

  const changeView = useCallback(
    (next: ForumView, options?: { replace?: boolean }) => {
      setParams(new URLSearchParams(forumViewSearch(next)), { replace: options?.replace ?? false });
    },
    [setParams],
  );

  // Events missed while the connection was down are not replayed: fetch everything again.
  useEffect(
    () =>
      onReconnected(() => {
        refetchJam();
        refetchPinned({ requestPolicy: "network-only" });
        clearNew();
        setReloadToken((token) => token + 1);
      }),
    [refetchJam, refetchPinned, clearNew],
  );

  const showNewIdeas = () => {
    const ids = activity.newIdeas.ids;
    clearNew();
    setRestartToken((token) => token + 1);
    setReloadToken((token) => token + 1);
    setFocusIds(ids);
  };

  const focusDone = useCallback(() => setFocusIds(null), []);
  useFocusFirstOf(focusIds, focusDone);

  const filtered = view.search !== "" || view.tag !== "" || view.label !== "";
  return (
    <div className="forum-page">
      <Breadcrumbs jam={jam} current={forum.title} />
      <PageTitle title={forum.title} />
      <AnnouncementBanners slug={jam.slug} jamId={jam.id} forumId={forum.id} />
      {forum.question.trim() ? <p className="forum-question">{forum.question}</p> : null}
      <PostingNote jam={jam} forumId={forum.id} />
      <ForumControls view={view} onChange={changeView} />
      <NewIdeasBar count={activity.newIdeas.ids.length} onShow={showNewIdeas} />
      {pinnedReady ? (
        <PinnedIdeas ideas={pinnedIdeas} slug={jam.slug} view={view} hiddenIds={activity.hiddenIds} />
      ) : null}
      {pinnedReady ? (
        <IdeaList
          key={`${forum.id}\u0000${viewKey(view)}`}
          slug={jam.slug}
          forumId={forum.id}
          view={view}
          reloadToken={reloadToken}
          restartToken={restartToken}
          hiddenIds={activity.hiddenIds}
          onShownChange={activity.setShown}
          empty={
            filtered ? (
              <div className="empty">
                <p>
                  {view.label && !view.search && !view.tag ? (
                    <LabelEmpty label={view.label} />
                  ) : view.search && view.tag ? (
                    <Trans>
                      No idea here matches “{userText(view.search)}” with the tag “{userText(view.tag)}”.
                    </Trans>
                  ) : view.search ? (
                    <Trans>No idea here matches “{userText(view.search)}”.</Trans>
                  ) : (
                    <Trans>No idea here has the tag “{userText(view.tag)}”.</Trans>
                  )}
                </p>
                <Button className="button" onPress={() => changeView({ ...view, search: "", tag: "", label: "" })}>
                  {t`Clear search and filter`}
                </Button>
              </div>
            ) : (
              <div className="empty">
                <p>
                  <Trans>No ideas in this forum yet.</Trans>
                </p>
                {jam.phase === "LIVE" && jam.viewerRole && !jam.viewerMute ? (
                  <Link className="button button-primary" to={postLink(jam.slug, forum.id)}>
                    {t`Be the first: post an idea`}
                  </Link>
                ) : null}
              </div>
            )
          }
        />
      ) : (
        <Loading />
      )}
    </div>
  );
}

/** "No idea here is labelled Best (yet)." */
function LabelEmpty({ label }: { label: EditorialLabel }) {
  return label === "BEST" ? (
    <Trans>No idea here is labelled “Best” yet.</Trans>
  ) : (
    <Trans>No idea here is labelled “Emerging” yet.</Trans>
  );
}

function postLink(slug: string, forumId: string): string {
  return `/jams/${encodeURIComponent(slug)}/post?forum=${encodeURIComponent(forumId)}`;
}

/** "Post an idea" while the jam is live (for members); otherwise why not. */
function PostingNote({ jam, forumId }: { jam: ForumJam; forumId: string }) {
  const { t, i18n } = useLingui();
  if (jam.phase === "LIVE" && jam.viewerMute) return <MuteNotice mute={jam.viewerMute} />;
  if (jam.phase === "LIVE" && jam.viewerRole) {
    return (
      <p className="forum-post">
        <Link className="button button-primary" to={postLink(jam.slug, forumId)}>
          {t`Post an idea`}
        </Link>
      </p>
    );
  }
  if (jam.phase === "LIVE") {
    return (
      <p className="banner banner-info">
        <Trans>
          Join this jam to post ideas: <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>go to the jam</Link>.
        </Trans>
      </p>
    );
  }
  if (jam.phase === "SCHEDULED") {
    const opens = formatDateTime(i18n.locale, jam.startsAt);
    return (
      <p className="banner banner-info">
        <Trans>This jam has not started: ideas can be posted from {opens}.</Trans>
      </p>
    );
  }
  return (
    <p className="banner banner-info">
      <Trans>This jam is closed: its ideas stay here to read, but no new ones can be posted.</Trans>
    </p>
  );
}

/** "3 new ideas — show": a polite status above the list, never moving the list by itself. */
function NewIdeasBar({ count, onShow }: { count: number; onShow(): void }) {
  const { t } = useLingui();
  return (
    <div role="status" aria-live="polite" className={count > 0 ? "forum-new-ideas" : "visually-hidden"}>
      {count > 0 ? (
        <>
          <span>
            <Plural value={count} one="# new idea" other="# new ideas" />
          </span>
          <Button className="button button-primary" onPress={onShow}>
            {t`Show`}
          </Button>
        </>
      ) : null}
    </div>
  );
}

/** After "show", focus the first new idea once it is on the page (else the first idea). */
function useFocusFirstOf(ids: readonly string[] | null, done: () => void) {
  useEffect(() => {
    if (ids === null) return;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const attempt = () => {
      const list = document.getElementById("forum-ideas");
      const cards = list ? [...list.querySelectorAll<HTMLElement>("[data-idea-id]")] : [];
      const target = cards.find((card) => ids.includes(card.dataset.ideaId ?? ""));
      tries += 1;
      if (target || tries > 40) {
        (target ?? cards[0])?.querySelector<HTMLElement>("h3 a")?.focus();
        done();
        return;
      }
      timer = setTimeout(attempt, 50);
    };
    timer = setTimeout(attempt, 50);
    return () => clearTimeout(timer);
  }, [ids, done]);
}
