/** The idea page: one idea with its votes and threaded comments, live. The author edits it
 * here while the jam is live; when the jam is not live it is read-only and says why. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";
import { Link, useParams } from "react-router";
import { useQuery, useSubscription } from "urql";

import { onReconnected } from "../../app/connection";
import { requestErrorMessage } from "../../app/errors";
import { Loading } from "../../app/fields";
import { PageTitle } from "../../app/PageTitle";
import { useSession } from "../../app/session";
import { IdeaPageDocument, IdeaUpdatedDocument, type IdeaPageQuery } from "../../gql/graphql";
import { CommentsSection } from "./CommentsSection";
import { EditIdeaForm } from "./EditIdeaForm";
import { IdeaBreadcrumbs, IdeaBody, IdeaMeta, IdeaTags, ReadOnlyNotice } from "./IdeaDetails";
import { VoteButtons } from "./VoteButtons";
import "./idea.css";

export type IdeaData = NonNullable<IdeaPageQuery["idea"]>;

export function IdeaPage() {
  const { slug = "", ideaId = "" } = useParams();
  const { t, i18n } = useLingui();
  const { viewer } = useSession();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: IdeaPageDocument,
    variables: { id: ideaId },
    requestPolicy: "cache-and-network",
  });
  const announcement = useLiveIdea(ideaId, viewer?.id);
  const heading = useRef<HTMLDivElement>(null);
  useEffect(() => onReconnected(() => reexecute({ requestPolicy: "network-only" })), [reexecute]);

  const idea = data?.idea;
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
      </div>
      {idea ? <IdeaView idea={idea} viewerId={viewer?.id} heading={heading} /> : content}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
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
}

function IdeaView({ idea, viewerId, heading }: IdeaViewProps) {
  const { t } = useLingui();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const live = idea.jam.phase === "LIVE";
  const canEdit = live && viewerId !== undefined && idea.author.id === viewerId;

  function finishEditing(saved: boolean) {
    setEditing(false);
    // After a save the new title is the news; after cancel the person goes on where they were.
    requestAnimationFrame(() => {
      if (saved) heading.current?.querySelector<HTMLElement>("h1")?.focus();
      else editButton.current?.focus();
    });
  }

  return (
    <>
      <IdeaMeta idea={idea} />
      {live ? null : <ReadOnlyNotice jam={idea.jam} />}
      {editing ? (
        <EditIdeaForm idea={idea} onDone={finishEditing} />
      ) : (
        <>
          <IdeaBody text={idea.body} />
          <IdeaTags idea={idea} />
          {canEdit ? (
            <Button ref={editButton} className="button idea-edit-button" onPress={() => setEditing(true)}>
              {t`Edit your idea`}
            </Button>
          ) : null}
        </>
      )}
      <VoteButtons idea={idea} live={live} />
      <CommentsSection idea={idea} live={live} viewerId={viewerId} />
    </>
  );
}
