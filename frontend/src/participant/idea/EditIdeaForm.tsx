/** The author edits their idea while the jam is live: title, body and tags, prefilled; errors
 * are shown by field; Cancel leaves the idea as it was. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, TextInput } from "../../app/fields";
import { EditIdeaDocument } from "../../gql/graphql";
import type { IdeaData } from "./IdeaPage";
import { parseTags, tagProblem, TAG_MAX, TAGS_MAX, type TagProblem } from "./tags";

/** TITLE_MAX and BODY_MAX in jam/validation.py. */
export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;
const FIELDS = ["title", "body", "tags"];

export function EditIdeaForm({ idea, onDone }: { idea: IdeaData; onDone(saved: boolean): void }) {
  const { t, i18n } = useLingui();
  const [title, setTitle] = useState(idea.title);
  const [body, setBody] = useState(idea.body);
  const [tags, setTags] = useState(idea.tags.join(", "));
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, editIdea] = useMutation(EditIdeaDocument);

  const [tagError, setTagError] = useState<string | null>(null);

  function tagMessage(problem: TagProblem): string | null {
    if (problem === "TOO_MANY") return t`At most ${TAGS_MAX} tags.`;
    if (problem === "TOO_LONG") return t`A tag is at most ${TAG_MAX} characters.`;
    return null;
  }

  async function submit() {
    const cleanTags = parseTags(tags);
    const problem = tagMessage(tagProblem(cleanTags));
    setTagError(problem);
    if (problem) return;
    setFailure(null);
    setErrors([]);
    const result = await editIdea({ input: { ideaId: idea.id, title, body, tags: cleanTags } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.editIdea;
    if (!payload || payload.errors.length > 0 || !payload.idea) {
      setErrors(payload?.errors ?? []);
      return;
    }
    onDone(true);
  }

  const serverErrors = fieldErrors(i18n, errors, FIELDS);
  return (
    <section className="idea-edit" aria-labelledby="idea-edit-heading">
      <h2 id="idea-edit-heading">
        <Trans>Edit your idea</Trans>
      </h2>
      <Form
        validationErrors={tagError ? { ...serverErrors, tags: tagError } : serverErrors}
        onSubmit={(event) => {
          event.preventDefault();
          if (!fetching) void submit();
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
        <TextInput label={t`Title`} name="title" isRequired counter maxLength={TITLE_MAX} value={title} onChange={setTitle} />
        <TextInput
          label={t`Your idea`}
          name="body"
          multiline
          rows={8}
          isRequired
          counter
          maxLength={BODY_MAX}
          value={body}
          onChange={setBody}
        />
        <TextInput
          label={t`Tags`}
          name="tags"
          description={t`Separated by commas: up to ${TAGS_MAX} tags of at most ${TAG_MAX} characters.`}
          value={tags}
          onChange={(value) => {
            setTags(value);
            setTagError(null);
          }}
        />
        <div className="row">
          <Button type="submit" className="button button-primary">
            {fetching ? t`Saving…` : t`Save changes`}
          </Button>
          <Button className="button" onPress={() => onDone(false)}>
            {t`Cancel`}
          </Button>
        </div>
      </Form>
    </section>
  );
}
