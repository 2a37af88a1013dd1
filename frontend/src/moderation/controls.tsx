/** The console's small shared controls: a filter Select with an "all" choice, the "Load
 * more" button with its count, a failed request's alert. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from "react-aria-components";
import type { CombinedError } from "urql";

import { requestErrorMessage } from "../app/errors";

export const ALL = "all";

export interface Choice {
  id: string;
  label: string;
}

interface FilterSelectProps {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange(value: string): void;
  className?: string;
}

/** One filter: `value` is a choice's id, or ALL. */
export function FilterSelect({ label, value, choices, onChange, className }: FilterSelectProps) {
  return (
    <Select
      className={`moderation-select ${className ?? ""}`}
      selectedKey={value}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
    >
      <Label>{label}</Label>
      <Button className="button moderation-select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="moderation-popover">
        <ListBox className="menu" items={choices}>
          {(choice) => (
            <ListBoxItem id={choice.id} className="menu-item" textValue={choice.label}>
              {choice.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function LoadMore({ shown, total, busy, onPress }: { shown: number; total: number; busy: boolean; onPress(): void }) {
  const { t } = useLingui();
  return (
    <div className="moderation-more">
      <span className="muted">
        <Trans>
          {shown} of {total} shown
        </Trans>
      </span>
      <Button className="button" onPress={onPress} isDisabled={busy}>
        {busy ? t`Loading…` : t`Load more`}
      </Button>
    </div>
  );
}

export function RequestProblem({ error, onRetry }: { error: CombinedError; onRetry(): void }) {
  const { t, i18n } = useLingui();
  return (
    <div role="alert" className="banner banner-error">
      <p>{requestErrorMessage(i18n, error)}</p>
      <Button className="button" onPress={onRetry}>
        {t`Retry`}
      </Button>
    </div>
  );
}
