/** Confirm a decision on one or more queue items, with its reason: required to hide or
 * restore (the author is told), optional to keep. The API's errors are shown in the dialog. */
import { useLingui } from "@lingui/react/macro";
import { plural } from "@lingui/core/macro";
import { useState } from "react";
import { Button, Dialog, Form, Heading } from "react-aria-components";

import { formErrors, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import type { ModerationDecision } from "../gql/graphql";
import { reasonProblem, reasonRequired, REASON_MAX } from "./options";
import { ModerationModal } from "./ModerationModal";

export interface PendingDecision {
  decision: ModerationDecision;
  ids: string[];
}

interface DecisionDialogProps {
  pending: PendingDecision | null;
  busy: boolean;
  errors: readonly UserErrorLike[];
  failure: string | null;
  onCancel(): void;
  onConfirm(reason: string): void;
}

export function DecisionDialog({ pending, onCancel, ...rest }: DecisionDialogProps) {
  return (
    <ModerationModal isOpen={pending !== null} onCancel={onCancel}>
      {pending ? <DecisionForm key={pending.ids.join()} pending={pending} onCancel={onCancel} {...rest} /> : null}
    </ModerationModal>
  );
}

function DecisionForm({ pending, busy, errors, failure, onCancel, onConfirm }: DecisionDialogProps & { pending: PendingDecision }) {
  const { t, i18n } = useLingui();
  const [reason, setReason] = useState("");
  const { decision } = pending;
  const count = pending.ids.length;
  const titles: Record<ModerationDecision, string> = {
    KEEP: plural(count, { one: "Keep # item", other: "Keep # items" }),
    HIDE: plural(count, { one: "Hide # item", other: "Hide # items" }),
    RESTORE: plural(count, { one: "Restore # item", other: "Restore # items" }),
  };
  const actions: Record<ModerationDecision, string> = { KEEP: t`Keep`, HIDE: t`Hide`, RESTORE: t`Restore` };
  const explanations: Record<ModerationDecision, string> = {
    KEEP: t`The flags are dismissed and the item stays visible (one hidden only by its flags is shown again).`,
    HIDE: t`Participants will no longer see it. Its author is told, with your reason.`,
    RESTORE: t`Participants will see it again. Its author is told, with your reason.`,
  };
  return (
    <Dialog className="moderation-dialog">
      <Heading slot="title" className="moderation-dialog-title">
        {titles[decision]}
      </Heading>
      <p>{explanations[decision]}</p>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          if (reasonProblem(decision, reason) === null) onConfirm(reason.trim());
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, []), ...(failure ? [failure] : [])]} />
        <TextInput
          label={reasonRequired(decision) ? t`Reason (the author is told)` : t`Reason (optional)`}
          name="reason"
          multiline
          rows={3}
          autoFocus
          isRequired={reasonRequired(decision)}
          value={reason}
          onChange={setReason}
          maxLength={REASON_MAX}
          counter
          validate={(value) => (reasonProblem(decision, value) === "missing" ? t`Give a reason: the author is told.` : null)}
        />
        <div className="row moderation-dialog-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy}>
            {busy ? t`Saving…` : actions[decision]}
          </Button>
          <Button className="button" onPress={onCancel}>
            {t`Cancel`}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
