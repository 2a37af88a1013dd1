/** The overlay every console dialog opens in: dismissable (Escape, a click outside), and
 * closing it is the same as "Cancel". */
import type { ReactNode } from "react";
import { Modal, ModalOverlay } from "react-aria-components";

export function ModerationModal({
  isOpen,
  onCancel,
  children,
}: {
  isOpen: boolean;
  onCancel(): void;
  children: ReactNode;
}) {
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onCancel();
      }}
      isDismissable
      className="moderation-overlay"
    >
      <Modal className="moderation-modal">{children}</Modal>
    </ModalOverlay>
  );
}
