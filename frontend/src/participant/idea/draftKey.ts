/** An idempotency key per draft: retrying the same text (after a lost answer) sends the same
 * key, so the server files the comment once; a changed or posted draft gets a new key. */
import { useCallback, useRef } from "react";

/** A random UUID; `crypto.randomUUID` exists only on secure origins, so fall back to
 * `getRandomValues` (a page served over plain http on a LAN address). */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface DraftKeys {
  /** The key for sending `text`: the last one again if the text is unchanged. */
  keyFor(text: string): string;
  /** The draft was filed: the next one gets a new key. */
  reset(): void;
}

export function useDraftKey(): DraftKeys {
  const last = useRef<{ text: string; key: string } | null>(null);
  const keyFor = useCallback((text: string) => {
    if (last.current === null || last.current.text !== text) last.current = { text, key: newKey() };
    return last.current.key;
  }, []);
  const reset = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, reset };
}
