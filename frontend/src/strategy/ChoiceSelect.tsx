/** A labelled choice from a list (React Aria's Select: a button that opens a list box, typed
 * to search, arrow keys to move). */
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from "react-aria-components";

export interface Choice {
  id: string;
  label: string;
}

interface ChoiceSelectProps {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange(value: string): void;
}

export function ChoiceSelect({ label, value, choices, onChange }: ChoiceSelectProps) {
  return (
    <Select
      className="strategy-select"
      selectedKey={value}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
    >
      <Label>{label}</Label>
      <Button className="button strategy-select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="strategy-popover">
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
