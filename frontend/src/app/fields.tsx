/** Form fields built on React Aria (labels, descriptions and errors wired for assistive
 * technology), with a character counter that speaks up near the limit. */
import { Trans, useLingui } from "@lingui/react/macro";
import type { ReactNode } from "react";
import { FieldError, Input, Label, Text, TextArea, TextField, type TextFieldProps } from "react-aria-components";

interface TextInputProps extends Omit<TextFieldProps, "children" | "className"> {
  label: string;
  description?: ReactNode;
  multiline?: boolean;
  rows?: number;
  /** Show "n / max"; past 90 % of the limit it is announced. */
  counter?: boolean;
}

export function TextInput({ label, description, multiline, rows = 5, counter, ...props }: TextInputProps) {
  const length = typeof props.value === "string" ? props.value.length : 0;
  const max = props.maxLength;
  return (
    <TextField {...props} className="field">
      <Label>{label}</Label>
      {multiline ? <TextArea rows={rows} /> : <Input />}
      <div className="field-footer">
        {description ? <Text slot="description">{description}</Text> : <span />}
        {counter && max !== undefined ? <Counter length={length} max={max} /> : null}
      </div>
      <FieldError className="field-error" />
    </TextField>
  );
}

function Counter({ length, max }: { length: number; max: number }) {
  const { t } = useLingui();
  const near = length >= max * 0.9;
  return (
    <span className={near ? "counter counter-near" : "counter"} aria-live={near ? "polite" : "off"}>
      <span aria-hidden="true">
        {length} / {max}
      </span>
      <span className="visually-hidden">{t`${length} of ${max} characters`}</span>
    </span>
  );
}

/** The errors of a form that belong to no field, announced when they appear. */
export function FormAlert({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div role="alert" className="banner banner-error">
      {messages.length === 1 ? (
        messages[0]
      ) : (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  return (
    <p role="status" className="loading">
      <Trans>Loading…</Trans>
    </p>
  );
}
