/** Writing a comment or a reply. Each draft carries an idempotency key, so a retry after a
 * lost answer files it once; the new comment lands in the thread through the cache (cache.ts). */
import { useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, TextInput } from "../../app/fields";
import { AddCommentDocument } from "../../gql/graphql";
import { useDraftKey } from "./draftKey";
import { saysMuted, useParticipation } from "./participation";

/** COMMENT_MAX in jam/validation.py. */
export const COMMENT_MAX = 5_000;
const FIELDS = ["body"];

interface CommentFormProps {
  ideaId: string;
  /** Set for a reply. */
  parentId?: string;
  label: string;
  submitLabel: string;
  /** Replies open with the cursor in the text. */
  autoFocus?: boolean;
  onPosted(): void;
  /** Replies can be closed (Cancel or Escape). */
  onCancel?(): void;
}

export function CommentForm({ ideaId, parentId, label, submitLabel, autoFocus, onPosted, onCancel }: CommentFormProps) {
  const { t, i18n } = useLingui();
  const [body, setBody] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, addComment] = useMutation(AddCommentDocument);
  const draft = useDraftKey();
  // Muted: the form stays (the draft is not lost) but takes nothing until the mute ends.
  const { muted, reportMuted } = useParticipation();

  async function submit() {
    setFailure(null);
    setErrors([]);
    const result = await addComment({
      input: { ideaId, body, parentId: parentId ?? null, idempotencyKey: draft.keyFor(body) },
    });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.addComment;
    if (!payload || payload.errors.length > 0 || !payload.comment) {
      setErrors(payload?.errors ?? []);
      if (saysMuted(payload?.errors)) reportMuted();
      return;
    }
    draft.reset();
    setBody("");
    onPosted();
  }

  return (
    // Escape closes a reply form (keydown bubbles from the text area).
    <div
      className={parentId ? "idea-comment-form idea-reply-form" : "idea-comment-form"}
      onKeyDown={(event) => {
        if (event.key === "Escape" && onCancel) {
          event.preventDefault();
          onCancel();
        }
      }}
    >
    <Form
      validationErrors={fieldErrors(i18n, errors, FIELDS)}
      onSubmit={(event) => {
        event.preventDefault();
        if (!fetching) void submit();
      }}
    >
      <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
      <TextInput
        label={label}
        name="body"
        multiline
        rows={parentId ? 3 : 4}
        counter
        maxLength={COMMENT_MAX}
        isRequired
        autoFocus={autoFocus}
        isDisabled={muted}
        aria-describedby={muted ? "idea-read-only" : undefined}
        value={body}
        onChange={setBody}
      />
      <div className="row">
        <Button type="submit" className="button button-primary" isDisabled={muted}>
          {fetching ? t`Posting…` : submitLabel}
        </Button>
        {onCancel ? (
          <Button className="button button-quiet" onPress={onCancel}>
            {t`Cancel`}
          </Button>
        ) : null}
      </div>
    </Form>
    </div>
  );
}
