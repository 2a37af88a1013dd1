/** The idea page: one idea with its votes and threaded comments, live. The author edits it
 * here while the jam is live; when the jam is not live it is read-only and says why. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "react-aria-components";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useQuery, useSubscription } from "urql";

import { onReconnected } from "../../app/connection";
import { requestErrorMessage } from "../../app/errors";
import { Loading } from "../../app/fields";
import { PageTitle } from "../../app/PageTitle";
import { useSession } from "../../app/session";
import { IdeaPageDocument, IdeaUpdatedDocument, type IdeaPageQuery } from "../../gql/graphql";
import { FeatureBadges } from "../forum/FeatureBadges";
import { MuteNotice } from "../forum/MuteNotice";
import { AnnouncementBanners } from "../live/AnnouncementBanners";
import { CommentsSection } from "./CommentsSection";
import { EditIdeaForm } from "./EditIdeaForm";
import { FeatureControls } from "./FeatureControls";
import { FlagControl } from "./FlagControl";
import { HiddenIdeaNotice, HiddenReason } from "./HiddenNotices";
import { IdeaBreadcrumbs, IdeaBody, IdeaMeta, IdeaTags, ReadOnlyNotice } from "./IdeaDetails";
import { mergedFromState, mergeView } from "./merged";
import { MergedFromNotice, MergedWhileOpenNotice } from "./MergedNotices";
import { ParticipationContext, type Participation } from "./participation";
import { VoteButtons } from "./VoteButtons";
import "./idea.css";

export type IdeaData = NonNullable<IdeaPageQuery["idea"]>;

export function IdeaPage() {
  const { slug = "", ideaId = "" } = useParams();
  const { t, i18n } = useLingui();
  const { viewer } = useSession();
  const [{ data, error, fetching, stale }, reexecute] = useQuery({
    query: IdeaPageDocument,
    variables: { id: ideaId },
    requestPolicy: "cache-and-network",
  });
  const announcement = useLiveIdea(ideaId, viewer?.id);
  const heading = useRef<HTMLDivElement>(null);
  useEffect(() => onReconnected(() => reexecute({ requestPolicy: "network-only" })), [reexecute]);

  const idea = data?.idea;
  const merge = useMergeView(slug, ideaId, idea, fetching || stale);
  const mergedFrom = mergedFromState(useLocation().state);
  let title = t`Idea`;
  let content: React.ReactNode;
  if (idea) {
    title = idea.title;
  } else if (data && !fetching) {
    title = t`Idea not found`;
    content = (
      <div className="stack">
        <p>
          <Trans>This idea does not exist, or a moderator has hidden it.</Trans>
        </p>
        <p>
          <Link to={`/jams/${encodeURIComponent(slug)}`}>
            <Trans>Back to the jam</Trans>
          </Link>
        </p>
      </div>
    );
  } else if (error && !data) {
    title = t`Idea`;
    content = (
      <div role="alert" className="banner banner-error idea-failure">
        <p>{requestErrorMessage(i18n, error)}</p>
        <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
          {t`Retry`}
        </Button>
      </div>
    );
  } else {
    content = <Loading />;
  }

  // One heading for every state (loading, found, not found), so it is not mounted twice: it
  // takes focus only after a navigation, not when the idea arrives.
  return (
    <div className="idea-page">
      {idea ? <IdeaBreadcrumbs idea={idea} /> : null}
      <div ref={heading} className="idea-heading">
        <PageTitle title={title} />
        {idea?.hidden ? (
          <span className="badge badge-closed idea-hidden-badge">
            <Trans>Hidden from participants</Trans>
          </span>
        ) : null}
        {idea ? <FeatureBadges labels={idea.labels} pinned={idea.pinnedAt != null} /> : null}
      </div>
      {idea && mergedFrom ? <MergedFromNotice sourceTitle={mergedFrom.sourceTitle} title={idea.title} /> : null}
      {idea ? <AnnouncementBanners slug={idea.jam.slug} jamId={idea.jam.id} forumId={idea.forum.id} /> : null}
      <MergedWhileOpenNotice merge={merge.kind === "notice" ? merge : null} />
      {idea ? (
        <IdeaView
          idea={idea}
          viewerId={viewer?.id}
          heading={heading}
          refetch={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : (
        content
      )}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
}

/** Opened after a merge: go to the target (replacing this history entry). Merged while open:
 * the notice to show. Whether it was merged "when opened" is taken from the first fresh answer
 * for this idea (not a cached one). */
function useMergeView(slug: string, ideaId: string, idea: IdeaData | null | undefined, pending: boolean) {
  const navigate = useNavigate();
  const [opened, setOpened] = useState<{ ideaId: string; merged: boolean } | null>(null);
  if (idea && !pending && opened?.ideaId !== ideaId) {
    setOpened({ ideaId, merged: Boolean(idea.mergedInto) });
  }
  const known = opened?.ideaId === ideaId;
  const view = idea && known ? mergeView(slug, idea, opened.merged) : ({ kind: "none" } as const);
  const redirectTo = view.kind === "redirect" ? view.to : null;
  const sourceTitle = view.kind === "redirect" ? view.state.mergedFrom.sourceTitle : "";
  useEffect(() => {
    if (redirectTo) void navigate(redirectTo, { replace: true, state: { mergedFrom: { sourceTitle } } });
  }, [redirectTo, sourceTitle, navigate]);
  return view;
}

/** The idea's live changes go into the cache (see cache.ts); this says which are news. */
function useLiveIdea(ideaId: string, viewerId: string | undefined): string {
  const { t } = useLingui();
  const [{ data }] = useSubscription({ query: IdeaUpdatedDocument, variables: { ideaId } });
  const event = data?.ideaUpdated;
  if (event && "comment" in event && event.comment.author.id !== viewerId) {
    const name = event.comment.author.displayName;
    return t`New comment from ${name}`;
  }
  return "";
}

interface IdeaViewProps {
  idea: IdeaData;
  viewerId: string | undefined;
  /** Holds the page's heading: focus goes back to it after a save. */
  heading: React.RefObject<HTMLDivElement | null>;
  /** Fetch the idea again (a mutation said the viewer was muted meanwhile). */
  refetch(): void;
}

function IdeaView({ idea, viewerId, heading, refetch }: IdeaViewProps) {
  const { t } = useLingui();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const live = idea.jam.phase === "LIVE";
  const mute = live ? idea.jam.viewerMute : null;
  const canAct = live && !mute;
  const isAuthor = viewerId !== undefined && idea.author.id === viewerId;
  const canEdit = canAct && isAuthor;
  const moderator = idea.jam.viewerCanModerate;
  const reportMuted = useCallback(() => refetch(), [refetch]);
  const participation = useMemo<Participation>(
    () => ({ viewerId, canAct, muted: Boolean(mute), moderator, reportMuted }),
    [viewerId, canAct, mute, moderator, reportMuted],
  );

  function finishEditing(saved: boolean) {
    setEditing(false);
    // After a save the new title is the news; after cancel the person goes on where they were.
    requestAnimationFrame(() => {
      if (saved) heading.current?.querySelector<HTMLElement>("h1")?.focus();
      else editButton.current?.focus();
    });
  }

  return (
    <ParticipationContext value={participation}>
      {idea.hidden && isAuthor && idea.hiddenNote ? <HiddenIdeaNotice note={idea.hiddenNote} /> : null}
      {idea.hidden && moderator && !isAuthor ? <HiddenReason note={idea.hiddenNote ?? null} badge={false} /> : null}
      <IdeaMeta idea={idea} />
      {live ? null : <ReadOnlyNotice jam={idea.jam} />}
      {mute ? <MuteNotice mute={mute} id="idea-read-only" /> : null}
      {editing ? (
        <EditIdeaForm idea={idea} onDone={finishEditing} />
      ) : (
        <>
          <IdeaBody text={idea.body} />
          <IdeaTags idea={idea} />
          <div className="idea-actions">
            {canEdit ? (
              <Button ref={editButton} className="button idea-edit-button" onPress={() => setEditing(true)}>
                {t`Edit your idea`}
              </Button>
            ) : null}
            <FlagControl
              kind="IDEA"
              id={idea.id}
              authorId={idea.author.id}
              viewerFlagged={idea.viewerFlagged}
              label={t`Flag this idea`}
            />
          </div>
        </>
      )}
      {moderator ? <FeatureControls ideaId={idea.id} labels={idea.labels} pinned={idea.pinnedAt != null} /> : null}
      <VoteButtons idea={idea} live={canAct} />
      <CommentsSection idea={idea} live={live} viewerId={viewerId} />
    </ParticipationContext>
  );
}
