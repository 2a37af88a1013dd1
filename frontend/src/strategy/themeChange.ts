/** What the last refit did to a theme (`Theme.change`: continued, new, split, merged), in the
 * person's language (nothing to say for a theme that simply continued), and the key words
 * its label does not already say. */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";

export function changeLabel(i18n: I18n, change: string | null | undefined): string | null {
  switch (change) {
    case "new":
      return i18n._(msg({ message: "New", context: "theme" }));
    case "split":
      return i18n._(msg({ message: "Split off", context: "theme" }));
    case "merged":
      return i18n._(msg({ message: "Merged", context: "theme" }));
    default:
      return null;
  }
}

/** Key words worth showing beside a label made of key words: those not in it already, at
 * most `limit`. */
export function extraKeywords(label: string, terms: readonly string[], limit = 4): string[] {
  const inLabel = new Set(label.split("·").map((part) => part.trim().toLowerCase()));
  return terms.filter((term) => !inLabel.has(term.trim().toLowerCase())).slice(0, limit);
}
