/** Flagging an idea or a comment for the moderators: a "Flag" button (not on the viewer's own
 * items) that opens a dialog asking why; once sent, "Thanks — moderators will take a look"
 * takes its place (announced, and focused, since the button is gone). */
import { useLingui } from "@lingui/react/macro";
import { useRef, useState } from "react";
import {
  Button,
  Dialog,
  DialogTrigger,
  FieldError,
  Form,
  Heading,
  Label,
  Modal,
  ModalOverlay,
  Radio,
  RadioGroup,
} from "react-aria-components";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, TextInput } from "../../app/fields";
import { FlagItemDocument, type FlagReason, type ItemKind } from "../../gql/graphql";
import { FLAG_NOTE_MAX, FLAG_REASONS, flagControl, flagNoteProblem } from "./moderation";
import { saysMuted, useParticipation } from "./participation";

const FIELDS = ["reason", "note"];

interface FlagControlProps {
  kind: ItemKind;
  id: string;
  authorId: string;
  viewerFlagged: boolean;
  /** The button's accessible name, e.g. "Flag the comment by Ana". */
  label: string;
}

export function FlagControl({ kind, id, authorId, viewerFlagged, label }: FlagControlProps) {
  const { t } = useLingui();
  const { viewerId, canAct } = useParticipation();
  const [thanked, setThanked] = useState(false);
  const thanks = useRef<HTMLSpanElement>(null);
  const control = flagControl({ authorId, viewerId, viewerFlagged, canAct });
  if (control.show === "none") return null;
  return (
    <span className="idea-flag">
      {thanked ? null : control.show === "flagged" ? (
        <span className="muted idea-flagged">{t`You flagged this`}</span>
      ) : (
        <FlagDialog
          kind={kind}
          id={id}
          label={label}
          disabled={control.disabled}
          onFlagged={() => {
            setThanked(true);
            requestAnimationFrame(() => thanks.current?.focus());
          }}
        />
      )}
      <span ref={thanks} role="status" tabIndex={-1} className="idea-flag-thanks">
        {thanked ? t`Thanks — moderators will take a look` : ""}
      </span>
    </span>
  );
}

interface FlagDialogProps {
  kind: ItemKind;
  id: string;
  label: string;
  disabled: boolean;
  onFlagged(): void;
}

function FlagDialog({ kind, id, label, disabled, onFlagged }: FlagDialogProps) {
  const { t } = useLingui();
  const [open, setOpen] = useState(false);
  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <Button
        className="button button-quiet idea-flag-button"
        aria-label={label}
        isDisabled={disabled}
        aria-describedby={disabled ? "idea-read-only" : undefined}
      >
        {t`Flag`}
      </Button>
      <ModalOverlay className="dialog-overlay" isDismissable>
        <Modal className="dialog-modal">
          <Dialog className="dialog">
            {({ close }) => (
              <FlagForm
                kind={kind}
                id={id}
                onCancel={close}
                onFlagged={() => {
                  close();
                  onFlagged();
                }}
              />
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function FlagForm({ kind, id, onCancel, onFlagged }: { kind: ItemKind; id: string; onCancel(): void; onFlagged(): void }) {
  const { t, i18n } = useLingui();
  const { reportMuted } = useParticipation();
  const [reason, setReason] = useState<FlagReason | null>(null);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [{ fetching }, flagItem] = useMutation(FlagItemDocument);

  const reasonLabels: Record<FlagReason, string> = {
    SPAM: t`Spam`,
    OFFENSIVE: t`Offensive`,
    OFF_TOPIC: t`Off-topic`,
    DUPLICATE: t`Duplicate`,
    OTHER: t`Other`,
  };

  async function submit() {
    const found: Record<string, string> = {};
    if (reason === null) found.reason = t`Choose a reason.`;
    const noteProblem = flagNoteProblem(reason, note);
    if (noteProblem === "REQUIRED") found.note = t`Say what is wrong with it.`;
    if (noteProblem === "TOO_LONG") found.note = t`At most ${FLAG_NOTE_MAX} characters.`;
    setProblems(found);
    if (reason === null || noteProblem !== null) return;
    setFailure(null);
    setErrors([]);
    const result = await flagItem({
      input: { item: { kind, id }, reason, note: note.trim() === "" ? null : note.trim() },
    });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.flagItem;
    if (!payload || payload.errors.length > 0 || !payload.flag) {
      setErrors(payload?.errors ?? []);
      if (saysMuted(payload?.errors)) reportMuted();
      return;
    }
    onFlagged();
  }

  return (
    // "aria": required fields are marked, but checked here (the browser would say it in its own
    // language).
    <Form
      validationBehavior="aria"
      validationErrors={{ ...fieldErrors(i18n, errors, FIELDS), ...problems }}
      onSubmit={(event) => {
        event.preventDefault();
        if (!fetching) void submit();
      }}
    >
      <Heading slot="title" className="dialog-title">
        {kind === "IDEA" ? t`Flag this idea` : t`Flag this comment`}
      </Heading>
      <p className="muted">{t`Tell the moderators what is wrong. They decide what happens to it.`}</p>
      <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
      <RadioGroup
        name="reason"
        className="field idea-flag-reasons"
        value={reason}
        isRequired
        onChange={(value) => {
          setReason(value as FlagReason);
          setProblems({});
        }}
      >
        <Label>{t`Reason`}</Label>
        {FLAG_REASONS.map((value) => (
          <Radio key={value} value={value} className="idea-flag-reason">
            {reasonLabels[value]}
          </Radio>
        ))}
        <FieldError className="field-error" />
      </RadioGroup>
      <TextInput
        label={reason === "OTHER" ? t`What is wrong (required)` : t`What is wrong (optional)`}
        name="note"
        multiline
        rows={3}
        counter
        maxLength={FLAG_NOTE_MAX}
        isRequired={reason === "OTHER"}
        value={note}
        onChange={(value) => {
          setNote(value);
          setProblems({});
        }}
      />
      <div className="row">
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {fetching ? t`Sending…` : t`Send flag`}
        </Button>
        <Button className="button" onPress={onCancel}>
          {t`Cancel`}
        </Button>
      </div>
    </Form>
  );
}
