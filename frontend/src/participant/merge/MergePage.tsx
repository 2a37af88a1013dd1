/** A merge request (`/jams/:slug/merges/:mergeId`): a moderator proposes to merge the viewer's
 * idea (the source) into another (the target). Both ideas side by side (stacked on a phone),
 * the moderator's note and the deadline; the author accepts (after confirming) or declines
 * (with an optional note). Afterwards, and for moderators, the outcome. User text is text. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useRef, useState } from "react";
import { Button, Form } from "react-aria-components";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../../app/connection";
import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, Loading, TextInput } from "../../app/fields";
import { formatDateTime, formatNumber } from "../../app/format";
import { PageTitle } from "../../app/PageTitle";
import { useSession } from "../../app/session";
import { userText } from "../../app/userText";
import { AnswerMergeDocument, MergePageDocument, type MergeIdeaFragment, type MergeRequestFragment } from "../../gql/graphql";
import { Moment, PlainText } from "../idea/IdeaDetails";
import { ideaPath } from "../idea/merged";
import { ANSWER_NOTE_MAX, beforeDeadline, mergeStage, type MergeStage } from "./merge";
import "./merge.css";

export function MergePage() {
  const { slug = "", mergeId = "" } = useParams();
  const { t, i18n } = useLingui();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: MergePageDocument,
    variables: { id: mergeId },
    requestPolicy: "cache-and-network",
  });
  useEffect(() => onReconnected(() => reexecute({ requestPolicy: "network-only" })), [reexecute]);

  const merge = data?.merge;
  if (!data && fetching) return <Loading />;
  if (error && !data) {
    return (
      <>
        <PageTitle title={t`Merge request`} />
        <div role="alert" className="banner banner-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
            {t`Retry`}
          </Button>
        </div>
      </>
    );
  }
  if (!merge) {
    return (
      <>
        <PageTitle title={t`Merge request not found`} />
        <p>
          <Trans>
            This merge request does not exist, or it is not yours to see.{" "}
            <Link to={`/jams/${encodeURIComponent(slug)}`}>Back to the jam</Link>
          </Trans>
        </p>
      </>
    );
  }
  return <MergeView merge={merge} slug={slug} />;
}

function MergeView({ merge, slug }: { merge: MergeRequestFragment; slug: string }) {
  const { t } = useLingui();
  const { viewer } = useSession();
  const stage = mergeStage(merge, viewer?.id);
  const outcome = useRef<HTMLDivElement>(null);
  const [answered, setAnswered] = useState("");
  const jamSlug = merge.source?.jam.slug ?? merge.target?.jam.slug ?? slug;
  const name = userText(merge.proposedBy.displayName);

  return (
    <div className="merge-page">
      <PageTitle title={t`Merge request`} />
      <p className="merge-intro">
        {stage === "answer" ? (
          <Trans>
            {name}, a moderator, proposes to merge your idea into a similar one, so that the discussion happens in one
            place.
          </Trans>
        ) : (
          <Trans>{name}, a moderator, proposed to merge one idea into another.</Trans>
        )}
      </p>
      {merge.note.trim() ? (
        <section className="merge-note" aria-labelledby="merge-note-heading">
          <h2 id="merge-note-heading">{t`The moderator's note`}</h2>
          <PlainText text={merge.note} />
        </section>
      ) : null}
      <div className="merge-ideas">
        <MergeIdeaCard
          idea={merge.source}
          heading={stage === "answer" ? t`Your idea` : t`The idea to merge`}
          headingId="merge-source"
        />
        <MergeIdeaCard idea={merge.target} heading={t`The idea it would join`} headingId="merge-target" />
      </div>
      <div ref={outcome} tabIndex={-1} className="merge-outcome-slot">
        {stage === "answer" ? (
          <AnswerPanel
            merge={merge}
            onAnswered={(message) => {
              setAnswered(message);
              requestAnimationFrame(() => outcome.current?.focus());
            }}
          />
        ) : (
          <Outcome merge={merge} stage={stage} slug={jamSlug} />
        )}
      </div>
      <p role="status" className="visually-hidden">
        {answered}
      </p>
    </div>
  );
}

function MergeIdeaCard({ idea, heading, headingId }: { idea: MergeIdeaFragment | null | undefined; heading: string; headingId: string }) {
  const { i18n } = useLingui();
  if (!idea) {
    return (
      <section className="card merge-idea" aria-labelledby={headingId}>
        <h2 id={headingId} className="merge-idea-role">
          {heading}
        </h2>
        <p className="muted">
          <Trans>This idea is no longer shown.</Trans>
        </p>
      </section>
    );
  }
  const author = userText(idea.author.displayName);
  const score = formatNumber(i18n.locale, idea.score);
  return (
    <section className="card merge-idea" aria-labelledby={headingId}>
      <h2 id={headingId} className="merge-idea-role">
        {heading}
      </h2>
      <h3 className="merge-idea-title">
        <Link to={ideaPath(idea.jam.slug, idea.id)}>{idea.title}</Link>
      </h3>
      <p className="muted merge-idea-meta">
        <Trans>
          By {author}, posted <Moment iso={idea.createdAt} />
        </Trans>
      </p>
      <PlainText text={idea.body} className="merge-idea-body" />
      <p className="merge-idea-stats muted">
        <Trans>Score {score}</Trans> ·{" "}
        <Plural value={idea.commentCount} _0="No comments" one="# comment" other="# comments" />
      </p>
    </section>
  );
}

/** The deadline, then Accept (which asks to confirm) or Decline (with an optional note). */
function AnswerPanel({ merge, onAnswered }: { merge: MergeRequestFragment; onAnswered(message: string): void }) {
  const { t, i18n } = useLingui();
  const [{ fetching }, answerMerge] = useMutation(AnswerMergeDocument);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const acceptButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const until = formatDateTime(i18n.locale, merge.deadline);
  const target = userText(merge.target?.title);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function answer(accept: boolean) {
    setFailure(null);
    setErrors([]);
    const result = await answerMerge({
      input: { mergeId: merge.id, accept, note: note.trim() === "" ? null : note.trim() },
    });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.answerMerge;
    if (!payload || payload.errors.length > 0 || !payload.merge) {
      setErrors(payload?.errors ?? []);
      setConfirming(false);
      return;
    }
    onAnswered(accept ? t`You accepted: your idea was merged.` : t`You declined the merge.`);
  }

  return (
    <section className="merge-answer" aria-labelledby="merge-answer-heading">
      <h2 id="merge-answer-heading">{t`Your answer`}</h2>
      <p className="merge-deadline">
        {beforeDeadline(merge) ? (
          <Trans>You have until {until}; after that a moderator decides.</Trans>
        ) : (
          <Trans>The deadline ({until}) has passed: a moderator may decide now, but you can still answer.</Trans>
        )}
      </p>
      <FormAlert messages={[...formErrors(i18n, errors, ["note"]), ...(failure ? [failure] : [])]} />
      <Form
        className="merge-answer-form"
        validationBehavior="aria"
        validationErrors={fieldErrors(i18n, errors, ["note"])}
        onSubmit={(event) => {
          event.preventDefault();
          if (!fetching) void answer(false);
        }}
      >
        <TextInput
          label={t`A note for the moderators (optional)`}
          description={t`Say why, if you decline.`}
          name="note"
          multiline
          rows={3}
          counter
          maxLength={ANSWER_NOTE_MAX}
          value={note}
          onChange={setNote}
        />
        {confirming ? (
          <div className="merge-confirm" role="group" aria-labelledby="merge-confirm-text">
            <p id="merge-confirm-text">
              <Trans>
                Merge your idea into “{target}”? Its comments and supporters move there and links to your idea lead there.
              </Trans>
            </p>
            <div className="row">
              <Button
                ref={confirmButton}
                className="button button-primary"
                isDisabled={fetching}
                onPress={() => void answer(true)}
              >
                {fetching ? t`Merging…` : t`Yes, merge my idea`}
              </Button>
              <Button
                className="button"
                isDisabled={fetching}
                onPress={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => acceptButton.current?.focus());
                }}
              >
                {t`Cancel`}
              </Button>
            </div>
          </div>
        ) : (
          <div className="row merge-actions">
            <Button ref={acceptButton} className="button button-primary" isDisabled={fetching} onPress={() => setConfirming(true)}>
              {t`Accept the merge`}
            </Button>
            <Button type="submit" className="button" isDisabled={fetching}>
              {fetching ? t`Sending…` : t`Decline`}
            </Button>
          </div>
        )}
      </Form>
    </section>
  );
}

function Outcome({ merge, stage, slug }: { merge: MergeRequestFragment; stage: Exclude<MergeStage, "answer">; slug: string }) {
  const { i18n } = useLingui();
  const target = merge.target;
  const title = userText(target?.title);
  const until = formatDateTime(i18n.locale, merge.deadline);
  const answerNote = merge.answerNote.trim();
  return (
    <section className="merge-outcome" aria-labelledby="merge-outcome-heading">
      <h2 id="merge-outcome-heading">
        <Trans>Outcome</Trans>
      </h2>
      {stage === "waiting" ? (
        <p>
          <Trans>Waiting for the author's answer until {until}; after that a moderator decides.</Trans>
        </p>
      ) : stage === "merged" ? (
        <p>
          {target ? (
            <Trans>
              Merged into <Link to={ideaPath(target.jam.slug || slug, target.id)}>“{title}”</Link>.
            </Trans>
          ) : (
            <Trans>Merged.</Trans>
          )}
        </p>
      ) : stage === "declined" ? (
        <p>
          <Trans>The author declined: the ideas stay apart.</Trans>
        </p>
      ) : stage === "cancelled" ? (
        <p>
          <Trans>The moderators withdrew this request: the ideas stay apart.</Trans>
        </p>
      ) : (
        <p>
          <Trans>This merge was undone: the ideas are apart again.</Trans>
        </p>
      )}
      {answerNote && stage !== "waiting" ? (
        <div className="merge-answer-note">
          <h3>
            <Trans>The author's note</Trans>
          </h3>
          <PlainText text={answerNote} />
        </div>
      ) : null}
    </section>
  );
}
