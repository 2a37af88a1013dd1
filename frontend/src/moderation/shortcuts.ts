/** The queue's keyboard shortcuts as a pure mapping: a key press (with where focus is) to a
 * command, or null when the key is not a shortcut there. Letters work only without Ctrl, Alt
 * or Meta (those belong to the browser) and never while typing in a text field. */

export type QueueCommand = "next" | "previous" | "select" | "keep" | "hide" | "restore" | "help";

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** Focus is in a text input, a text area or something editable. */
  inTextField: boolean;
}

/** In the order the hint lists them. */
export const SHORTCUTS: readonly { key: string; command: QueueCommand }[] = [
  { key: "j", command: "next" },
  { key: "k", command: "previous" },
  { key: "x", command: "select" },
  { key: "e", command: "keep" },
  { key: "h", command: "hide" },
  { key: "r", command: "restore" },
  { key: "?", command: "help" },
];

export function queueCommandFor(press: KeyPress): QueueCommand | null {
  if (press.inTextField || press.ctrlKey || press.altKey || press.metaKey) return null;
  return SHORTCUTS.find((shortcut) => shortcut.key === press.key)?.command ?? null;
}

/** The item a move lands on: one step, staying within the list; from nowhere, the first. */
export function moveFocus(index: number | null, count: number, command: "next" | "previous"): number | null {
  if (count === 0) return null;
  if (index === null) return 0;
  const next = command === "next" ? index + 1 : index - 1;
  return Math.min(count - 1, Math.max(0, next));
}
