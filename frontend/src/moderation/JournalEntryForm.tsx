/** Write in a shift's journal: a note, or an item for the next shift (a flag to settle, a
 * thread to watch, an idea to feature) that names its idea or comment, pasted as the idea's
 * address or its id. */
import { useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form, Label, Radio, RadioGroup } from "react-aria-components";
import { useMutation } from "urql";

import { userErrorMessage } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { ModerationAddJournalEntryDocument, type JournalEntryKind } from "../gql/graphql";
import { problemsOf } from "./outcome";
import { explainJournalRefusal, JOURNAL_KINDS, journalKindLabel } from "./shiftMessages";
import { JOURNAL_BODY_MAX, parseIdeaLink } from "./shifts";

/** The refusals shown at their field; the others go in the form's alert. */
const FIELDS = ["body", "link"];

interface JournalEntryFormProps {
  shiftId: string;
  slug: string;
  onAdded(message: string): void;
}

export function JournalEntryForm({ shiftId, slug, onAdded }: JournalEntryFormProps) {
  const { t, i18n } = useLingui();
  const [kind, setKind] = useState<JournalEntryKind>("NOTE");
  const [body, setBody] = useState("");
  const [link, setLink] = useState("");
  const [validation, setValidation] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [{ fetching: adding }, addEntry] = useMutation(ModerationAddJournalEntryDocument);

  function linkProblem(value: string): string | null {
    const parsed = parseIdeaLink(value, slug);
    if (parsed.ok) return null;
    if (parsed.problem === "missing") return kind === "NOTE" ? null : t`Paste the address of the idea (or comment) this is about, or its id.`;
    if (parsed.problem === "otherJam") return t`This address is of another jam: paste one of this jam's ideas.`;
    return t`This is not an idea's address or id: paste an address like …/jams/${slug}/ideas/123, or 123.`;
  }

  async function add() {
    setValidation({});
    setProblems([]);
    const parsed = parseIdeaLink(link, slug);
    const result = await addEntry({
      input: {
        shiftId,
        kind,
        body: body.trim(),
        ideaId: parsed.ok ? parsed.ideaId : null,
        commentId: parsed.ok ? parsed.commentId : null,
      },
    });
    const payload = result.data?.addJournalEntry;
    if (!payload) {
      setProblems(problemsOf(i18n, result.error, payload));
      return;
    }
    if (payload.errors.length > 0 || !payload.entry) {
      const found: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const refusal of payload.errors) {
        const message = explainJournalRefusal(i18n, refusal) ?? userErrorMessage(i18n, refusal);
        const field = refusal.field === "ideaId" || refusal.field === "commentId" ? "link" : refusal.field;
        if (field && FIELDS.includes(field) && !(field in found)) found[field] = message;
        else elsewhere.push(message);
      }
      setValidation(found);
      setProblems(elsewhere);
      return;
    }
    setBody("");
    setLink("");
    onAdded(kind === "NOTE" ? t`The note is added to the journal.` : t`The item is added to the journal; it stays open until closed.`);
  }

  return (
    <Form
      validationErrors={validation}
      onSubmit={(event) => {
        event.preventDefault();
        if (adding || body.trim() === "" || linkProblem(link) !== null) return;
        void add();
      }}
    >
      <FormAlert messages={problems} />
      <RadioGroup name="kind" className="field moderation-radios" value={kind} onChange={(value) => setKind(value as JournalEntryKind)}>
        <Label>{t`Kind`}</Label>
        <div className="row">
          {JOURNAL_KINDS.map((choice) => (
            <Radio key={choice} value={choice} className="moderation-radio">
              {journalKindLabel(i18n, choice)}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      <TextInput
        label={t`Text`}
        name="body"
        multiline
        rows={3}
        isRequired
        value={body}
        onChange={setBody}
        maxLength={JOURNAL_BODY_MAX}
        counter
        validate={(value) => (value.trim() === "" ? t`Write what the next shift should know.` : null)}
      />
      <TextInput
        label={kind === "NOTE" ? t`Idea or comment (optional)` : t`Idea or comment`}
        name="link"
        isRequired={kind !== "NOTE"}
        value={link}
        onChange={setLink}
        maxLength={500}
        description={t`Paste the idea's address (a comment's link works too) or the idea's id.`}
        validate={linkProblem}
      />
      <div className="row">
        <Button type="submit" className="button button-primary" isDisabled={adding}>
          {adding ? t`Saving…` : t`Add to journal`}
        </Button>
      </div>
    </Form>
  );
}
