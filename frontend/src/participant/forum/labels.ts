/** Editorial labels (moderators give ideas "Emerging" and "Best"): their order on a card, how
 * they are spelled in the address (?label=best), and turning one on or off. */
import type { EditorialLabel } from "../../gql/graphql";

export const LABELS = ["EMERGING", "BEST"] as const satisfies readonly EditorialLabel[];

export function isLabel(value: string): value is EditorialLabel {
  return (LABELS as readonly string[]).includes(value);
}

/** The label an address names (any case), or "" for none or an unknown one. */
export function parseLabel(raw: string | null): EditorialLabel | "" {
  const value = (raw ?? "").trim().toUpperCase();
  return isLabel(value) ? value : "";
}

/** The labels in their fixed order, each once (whatever order the server gave). */
export function sortLabels(labels: readonly EditorialLabel[]): EditorialLabel[] {
  return LABELS.filter((label) => labels.includes(label));
}

/** The labels after turning `label` on or off. */
export function toggleLabel(labels: readonly EditorialLabel[], label: EditorialLabel, on: boolean): EditorialLabel[] {
  const others = labels.filter((existing) => existing !== label);
  return sortLabels(on ? [...others, label] : others);
}
