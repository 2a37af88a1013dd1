/** "Are you sure?" for an action that is hard to take back (posting an important
 * announcement, retracting one, undoing a merge): what it does, the API's refusals, and the
 * action's button next to "Cancel". */
import { useLingui } from "@lingui/react/macro";
import type { ReactNode } from "react";
import { Button, Dialog, Heading } from "react-aria-components";

import { FormAlert } from "../app/fields";
import { ModerationModal } from "./ModerationModal";

interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  /** The confirming button's label ("Post", "Retract"). */
  action: string;
  busy: boolean;
  /** Messages of a refusal, shown in the dialog. */
  errors: string[];
  onCancel(): void;
  onConfirm(): void;
}

export function ConfirmDialog({ isOpen, title, children, action, busy, errors, onCancel, onConfirm }: ConfirmDialogProps) {
  const { t } = useLingui();
  return (
    <ModerationModal isOpen={isOpen} onCancel={onCancel}>
      <Dialog className="moderation-dialog" role="alertdialog">
        <Heading slot="title" className="moderation-dialog-title">
          {title}
        </Heading>
        {children}
        <FormAlert messages={errors} />
        <div className="row moderation-dialog-actions">
          <Button className="button button-primary" onPress={onConfirm} isDisabled={busy} autoFocus>
            {busy ? t`Saving…` : action}
          </Button>
          <Button className="button" onPress={onCancel}>
            {t`Cancel`}
          </Button>
        </div>
      </Dialog>
    </ModerationModal>
  );
}
