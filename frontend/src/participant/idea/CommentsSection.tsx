/** The idea's comments as a thread: sorted oldest or newest first, a form for a new comment,
 * and under each comment a Reply button that opens a form in place (focus goes into it, and
 * back to the button when it closes). */
import { Trans, useLingui } from "@lingui/react/macro";
import { useMemo, useRef, useState } from "react";
import { Button, Label, Radio, RadioGroup } from "react-aria-components";

import { buildThread, replyParentId, type CommentOrder, type ThreadComment } from "./comments";
import { CommentForm } from "./CommentForm";
import { FlagControl } from "./FlagControl";
import { HiddenCommentPlaceholder, HiddenReason, OwnHiddenCommentNotice } from "./HiddenNotices";
import { Moment, PlainText } from "./IdeaDetails";
import type { IdeaData } from "./IdeaPage";
import { commentDisplay } from "./moderation";
import { useParticipation } from "./participation";

interface SectionProps {
  idea: IdeaData;
  live: boolean;
  viewerId: string | undefined;
}

export function CommentsSection({ idea, live }: SectionProps) {
  const { t } = useLingui();
  const [order, setOrder] = useState<CommentOrder>("OLDEST");
  const [posted, setPosted] = useState("");
  const thread = useMemo(() => buildThread(idea.comments, order), [idea.comments, order]);
  const count = idea.commentCount;

  return (
    <section className="idea-comments" aria-labelledby="idea-comments-heading">
      <h2 id="idea-comments-heading">
        <Trans>Comments</Trans> <span className="idea-comment-count muted">({count})</span>
      </h2>
      {live ? (
        <CommentForm
          ideaId={idea.id}
          label={t`Your comment`}
          submitLabel={t`Post comment`}
          onPosted={() => setPosted(t`Your comment was posted.`)}
        />
      ) : null}
      <p role="status" className="visually-hidden">
        {posted}
      </p>
      {thread.length === 0 ? (
        <p className="empty">{live ? t`No comments yet — be the first.` : t`No comments.`}</p>
      ) : (
        <>
          <RadioGroup
            className="idea-sort"
            orientation="horizontal"
            value={order}
            onChange={(value) => setOrder(value as CommentOrder)}
          >
            <Label className="idea-sort-label">{t`Sort comments`}</Label>
            <div className="idea-sort-options">
              <Radio value="OLDEST" className="idea-sort-option">
                {t`Oldest first`}
              </Radio>
              <Radio value="NEWEST" className="idea-sort-option">
                {t`Newest first`}
              </Radio>
            </div>
          </RadioGroup>
          <CommentList comments={thread} ideaId={idea.id} live={live} onPosted={setPosted} />
        </>
      )}
    </section>
  );
}

interface ListProps {
  comments: ThreadComment[];
  ideaId: string;
  live: boolean;
  onPosted(message: string): void;
}

function CommentList({ comments, ...rest }: ListProps) {
  return (
    <ol className={comments[0]?.depth === 1 ? "idea-thread" : "idea-thread idea-replies"}>
      {comments.map((comment) => (
        <CommentItem key={comment.id} comment={comment} {...rest} />
      ))}
    </ol>
  );
}

function CommentItem({ comment, ideaId, live, onPosted }: { comment: ThreadComment } & Omit<ListProps, "comments">) {
  const { t } = useLingui();
  const { viewerId, muted, moderator } = useParticipation();
  const [replying, setReplying] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const name = comment.author.displayName;
  const formId = `idea-reply-${comment.id}`;
  const display = commentDisplay(comment, viewerId, moderator);

  function close() {
    setReplying(false);
    replyButton.current?.focus();
  }

  return (
    <li className="idea-comment" id={`comment-${comment.id}`}>
      <div className={display.kind === "visible" ? "idea-comment-card" : "idea-comment-card idea-comment-card-hidden"}>
        <p className="idea-comment-meta">
          <span className="idea-comment-author">{name}</span> <span className="muted">·</span>{" "}
          <span className="muted">
            <Moment iso={comment.createdAt} />
          </span>
          {comment.moved ? (
            <>
              {" "}
              <span className="badge idea-comment-moved">
                <Trans>Moved here from a merged idea</Trans>
              </span>
            </>
          ) : null}
        </p>
        {display.kind === "placeholder" ? (
          <HiddenCommentPlaceholder />
        ) : (
          <>
            {display.kind === "hiddenWithBody" && display.asModerator ? (
              <HiddenReason note={display.note} badge />
            ) : display.kind === "hiddenWithBody" ? (
              <OwnHiddenCommentNotice note={display.note} />
            ) : null}
            <PlainText text={comment.body} className="idea-comment-body" />
          </>
        )}
        <div className="idea-actions idea-comment-actions">
          {live ? (
            <Button
              ref={replyButton}
              className="button button-quiet idea-reply-button"
              aria-expanded={replying}
              aria-controls={replying ? formId : undefined}
              aria-label={t`Reply to ${name}`}
              aria-describedby={muted ? "idea-read-only" : undefined}
              isDisabled={muted}
              onPress={() => (replying ? close() : setReplying(true))}
            >
              {t`Reply`}
            </Button>
          ) : null}
          {display.kind === "placeholder" ? null : (
            <FlagControl
              kind="COMMENT"
              id={comment.id}
              authorId={comment.author.id}
              viewerFlagged={comment.viewerFlagged}
              label={t`Flag the comment by ${name}`}
            />
          )}
        </div>
        {replying ? (
          <div id={formId}>
            <CommentForm
              ideaId={ideaId}
              parentId={replyParentId(comment)}
              label={t`Your reply to ${name}`}
              submitLabel={t`Post reply`}
              autoFocus
              onCancel={close}
              onPosted={() => {
                close();
                onPosted(t`Your reply was posted.`);
              }}
            />
          </div>
        ) : null}
      </div>
      {comment.replies.length > 0 ? (
        <CommentList comments={comment.replies} ideaId={ideaId} live={live} onPosted={onPosted} />
      ) : null}
    </li>
  );
}
