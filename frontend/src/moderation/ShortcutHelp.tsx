/** The queue's keyboard shortcuts: a one-line hint always shown, and the full list in a
 * dialog (`?`). */
import { Trans, useLingui } from "@lingui/react/macro";
import { Button, Dialog, Heading } from "react-aria-components";

import { SHORTCUTS, type QueueCommand } from "./shortcuts";
import { ModerationModal } from "./ModerationModal";

function useCommandNames(): Record<QueueCommand, string> {
  const { t } = useLingui();
  return {
    next: t`Next item`,
    previous: t`Previous item`,
    select: t`Select or unselect the item`,
    keep: t`Keep (the selected items, or this one)`,
    hide: t`Hide (the selected items, or this one)`,
    restore: t`Restore (the selected items, or this one)`,
    help: t`Show these shortcuts`,
  };
}

export function ShortcutHint() {
  return (
    <p className="muted moderation-hint" id="moderation-shortcut-hint">
      <Trans>
        Shortcuts in the queue: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>x</kbd> select, <kbd>e</kbd> keep,{" "}
        <kbd>h</kbd> hide, <kbd>r</kbd> restore, <kbd>?</kbd> all shortcuts.
      </Trans>
    </p>
  );
}

export function ShortcutHelp({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const { t } = useLingui();
  const names = useCommandNames();
  return (
    <ModerationModal isOpen={isOpen} onCancel={onClose}>
      <Dialog className="moderation-dialog">
        <Heading slot="title" className="moderation-dialog-title">
          {t`Keyboard shortcuts`}
        </Heading>
        <p>
          <Trans>They work while focus is in the queue, not in a text field.</Trans>
        </p>
        <dl className="moderation-shortcuts">
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.key}>
              <dt>
                <kbd>{shortcut.key}</kbd>
              </dt>
              <dd>{names[shortcut.command]}</dd>
            </div>
          ))}
        </dl>
        <Button className="button" onPress={onClose} autoFocus>
          {t`Close`}
        </Button>
      </Dialog>
    </ModerationModal>
  );
}
