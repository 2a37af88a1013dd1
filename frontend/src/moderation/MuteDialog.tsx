/** Mute a member: for how long (15 minutes to a week) and why (required; they are told). The
 * API's refusals (a moderator cannot be muted) are shown in the dialog. */
import type { I18n } from "@lingui/core";
import { useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Dialog, Form, Heading } from "react-aria-components";

import { formErrors, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { FilterSelect } from "./controls";
import { DEFAULT_MUTE, MUTE_DURATIONS, muteMinutes, REASON_MAX } from "./options";
import { ModerationModal } from "./ModerationModal";

export interface MuteTarget {
  userId: string;
  name: string;
}

interface MuteDialogProps {
  target: MuteTarget | null;
  busy: boolean;
  errors: readonly UserErrorLike[];
  failure: string | null;
  onCancel(): void;
  onConfirm(minutes: number, reason: string): void;
}

export function MuteDialog({ target, onCancel, ...rest }: MuteDialogProps) {
  return (
    <ModerationModal isOpen={target !== null} onCancel={onCancel}>
      {target ? <MuteForm key={target.userId} target={target} onCancel={onCancel} {...rest} /> : null}
    </ModerationModal>
  );
}

/** "Moderators cannot be muted" reads better than the general "not allowed". */
function muteErrorMessages(i18n: I18n, errors: readonly UserErrorLike[], cannotMute: string): string[] {
  const forbidden = errors.filter((error) => error.code === "MODERATOR_NOT_MUTABLE");
  const rest = errors.filter((error) => !forbidden.includes(error));
  return [...(forbidden.length > 0 ? [cannotMute] : []), ...formErrors(i18n, rest, [])];
}

function MuteForm({ target, busy, errors, failure, onCancel, onConfirm }: MuteDialogProps & { target: MuteTarget }) {
  const { t, i18n } = useLingui();
  const [duration, setDuration] = useState(DEFAULT_MUTE);
  const [reason, setReason] = useState("");
  const name = target.name;
  return (
    <Dialog className="moderation-dialog">
      <Heading slot="title" className="moderation-dialog-title">
        {t`Mute ${name}`}
      </Heading>
      <p>{t`While muted they can read the jam but not post, comment, vote or flag. They are told why and for how long.`}</p>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          const minutes = muteMinutes(duration);
          if (minutes !== null && reason.trim()) onConfirm(minutes, reason.trim());
        }}
      >
        <FormAlert messages={[...muteErrorMessages(i18n, errors, t`Moderators cannot be muted.`), ...(failure ? [failure] : [])]} />
        <FilterSelect
          label={t`For how long`}
          value={duration}
          choices={MUTE_DURATIONS.map((option) => ({ id: option.id, label: i18n._(option.label) }))}
          onChange={setDuration}
          className="moderation-field-select"
        />
        <TextInput
          label={t`Reason (they are told)`}
          name="reason"
          multiline
          rows={3}
          isRequired
          value={reason}
          onChange={setReason}
          maxLength={REASON_MAX}
          counter
          validate={(value) => (value.trim() ? null : t`Give a reason: the member is told.`)}
        />
        <div className="row moderation-dialog-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy}>
            {busy ? t`Saving…` : t`Mute`}
          </Button>
          <Button className="button" onPress={onCancel}>
            {t`Cancel`}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
