/** A console mutation's outcome as what to tell the moderator: nothing when it worked, else
 * the refusals (its `errors`) or why the request failed, in the person's language. */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import type { CombinedError } from "urql";

import { requestErrorMessage, userErrorMessage, type UserErrorLike } from "../app/errors";

interface Payload {
  errors: readonly UserErrorLike[];
}

/** `explain` may say a refusal better than the general message (null: the general one). */
export function problemsOf(
  i18n: I18n,
  error: CombinedError | undefined,
  payload: Payload | null | undefined,
  explain: (refusal: UserErrorLike) => string | null = () => null,
): string[] {
  if (!payload) return [error ? requestErrorMessage(i18n, error) : i18n._(msg`Something went wrong on our side. Try again.`)];
  return payload.errors.map((refusal) => explain(refusal) ?? userErrorMessage(i18n, refusal));
}
