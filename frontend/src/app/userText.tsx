/** User text (a name, a title, a reason, a search term …) ready to be a value of a <Trans>
 * message. Lingui puts a message's string values into it first and only then reads the result
 * for its element tags, so `<b>…</b>` or `<0>…</0>` typed by someone would be taken for markup:
 * dropped, or even standing in for one of the message's own elements. An element value is kept
 * whole instead, so the text shows exactly as written:
 *
 *     const title = userText(idea.title);
 *     <Trans>Your idea “{title}” is shown again.</Trans>
 *
 * Keep the constant's name the placeholder's name, so the message (and its translations) stay
 * the same. Plain strings (`t`, aria-label, document titles) are not read for tags: no need
 * there. */
import type { ReactElement } from "react";

export function userText(value: string | null | undefined): ReactElement {
  return <>{value ?? ""}</>;
}
