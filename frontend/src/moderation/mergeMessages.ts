/** The merge mutations' refusals in the person's language, told apart by their code (see
 * ./merges.ts); the others get the general messages. */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";

import type { UserErrorLike } from "../app/errors";
import { formatDateTime } from "../app/format";
import { mergeConflict, type RefusedWhile } from "./merges";

/** `deadline`: the merge's, for "the author has until …". Null: the general message. */
export function explainMergeRefusal(
  i18n: I18n,
  refusal: UserErrorLike,
  action: RefusedWhile,
  deadline?: string,
): string | null {
  switch (mergeConflict(refusal, action)) {
    case "waiting":
      return i18n._(msg`A merge of this idea is already waiting for its author's answer.`);
    case "deadline": {
      if (!deadline) return i18n._(msg`The author can still answer: wait until their deadline has passed.`);
      const until = formatDateTime(i18n.locale, deadline);
      return i18n._(msg`The author has until ${until} to answer: merge it then, or withdraw it now.`);
    }
    case "merged":
      return i18n._(msg`This idea is already merged into another.`);
    case "mergedAway":
      return i18n._(msg`The idea to keep was merged away meanwhile.`);
    case "notWaiting":
      return i18n._(msg`This proposal is no longer waiting: the list is brought up to date.`);
    case "notMerged":
      return i18n._(msg`This merge has not happened, so there is nothing to undo.`);
    default:
      return null;
  }
}
