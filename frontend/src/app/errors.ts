/** Every expected failure (a mutation's `errors: [UserError!]!`) shown by its field, in the
 * person's language: messages are chosen by the stable `code`, not the server's English. */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import type { CombinedError } from "urql";

import type { UserErrorCode } from "../gql/graphql";

export interface UserErrorLike {
  code: UserErrorCode;
  field?: string | null;
  message: string;
}

export function userErrorMessage(i18n: I18n, error: UserErrorLike): string {
  switch (error.code) {
    case "INVALID_INPUT":
      return i18n._(msg`This value is not accepted: check its length and format.`);
    case "NOT_FOUND":
      return i18n._(msg`This no longer exists, or you cannot see it.`);
    case "FORBIDDEN":
      return i18n._(msg`You are not allowed to do this.`);
    case "NOT_A_MEMBER":
      return i18n._(msg`Join this jam first.`);
    case "JAM_NOT_LIVE":
      return i18n._(msg`This jam is not live: it cannot take changes now.`);
    case "INVALID_INVITATION":
      return i18n._(msg`This invitation code is not valid (or has expired).`);
    case "INVALID_CREDENTIALS":
      return i18n._(msg`That e-mail address and password do not match.`);
    case "EMAIL_TAKEN":
      return i18n._(msg`An account with this e-mail address exists already.`);
    case "SLUG_TAKEN":
      return i18n._(msg`This address is taken.`);
    case "RATE_LIMITED":
      return i18n._(msg`Too many attempts: wait a few minutes and try again.`);
    case "INVALID_TOKEN":
      return i18n._(msg`This link is not valid any more: ask for a new one.`);
    case "MUTED":
      return i18n._(msg`A moderator has muted you in this jam: you can read, but not post, comment, vote or flag until the mute ends.`);
    case "CONFLICT":
      return i18n._(msg`This changed meanwhile: reload to see how things stand now.`);
    case "ALREADY_MERGED":
      return i18n._(msg`This idea was merged into another.`);
    case "MERGE_PENDING":
      return i18n._(msg`A merge of this idea is already waiting for its author's answer.`);
    case "AWAITING_AUTHOR":
      return i18n._(msg`The author can still answer: wait until their deadline has passed.`);
    case "MODERATOR_NOT_MUTABLE":
      return i18n._(msg`Moderators cannot be muted.`);
    default:
      return error.message;
  }
}

/** Field name → message, for React Aria's `<Form validationErrors>`. */
export function fieldErrors(
  i18n: I18n,
  errors: readonly UserErrorLike[] | undefined,
  fields: readonly string[],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const error of errors ?? []) {
    if (error.field && fields.includes(error.field) && !(error.field in found)) {
      found[error.field] = userErrorMessage(i18n, error);
    }
  }
  return found;
}

/** The errors no field of the form shows, as sentences for the form's alert. */
export function formErrors(
  i18n: I18n,
  errors: readonly UserErrorLike[] | undefined,
  fields: readonly string[],
): string[] {
  return (errors ?? [])
    .filter((error) => !error.field || !fields.includes(error.field))
    .map((error) => userErrorMessage(i18n, error));
}

/** A failed request (not a UserError): what to tell the person. */
export function requestErrorMessage(i18n: I18n, error: CombinedError): string {
  if (error.networkError) return i18n._(msg`The server cannot be reached. Check your connection and try again.`);
  const code = error.graphQLErrors[0]?.extensions?.code;
  if (code === "UNAUTHENTICATED") return i18n._(msg`Sign in to see this.`);
  if (code === "SERVICE_UNAVAILABLE") return i18n._(msg`The server is busy or restarting. Try again in a moment.`);
  return i18n._(msg`Something went wrong on our side. Try again.`);
}
