/** The populations the backing and participation tables split people by, and their values
 * as people read them: account kinds and "other" (values held by fewer than 5 people) in the
 * person's language, countries by name (ISO codes, named by the browser), org units as they
 * are. */
import type { I18n } from "@lingui/core";
import { msg } from "@lingui/core/macro";

import type { Population } from "../gql/graphql";

export const POPULATIONS: readonly Population[] = ["KIND", "ORG_UNIT", "COUNTRY"];

/** The API's bucket for values too rare to show (k-anonymity). */
export const OTHER = "other";

export function isPopulation(value: string | null | undefined): value is Population {
  return value != null && (POPULATIONS as readonly string[]).includes(value);
}

export function populationName(i18n: I18n, population: Population): string {
  switch (population) {
    case "KIND":
      return i18n._(msg`Employees and guests`);
    case "ORG_UNIT":
      return i18n._(msg`Org unit`);
    case "COUNTRY":
      return i18n._(msg`Country`);
  }
}

export function populationValue(i18n: I18n, population: Population, value: string): string {
  if (value === OTHER) return i18n._(msg`Other`);
  if (population === "KIND") {
    if (value === "employee") return i18n._(msg`Employees`);
    if (value === "guest") return i18n._(msg`Guests`);
  }
  if (population === "COUNTRY" && /^[A-Z]{2}$/.test(value)) {
    try {
      return new Intl.DisplayNames([i18n.locale], { type: "region" }).of(value) ?? value;
    } catch {
      return value;
    }
  }
  return value;
}

/** Values in a stable order: by name, "other" last. */
export function sortValues(i18n: I18n, population: Population, values: readonly string[]): string[] {
  return [...values].sort((a, b) => {
    if (a === OTHER || b === OTHER) return a === OTHER ? (b === OTHER ? 0 : 1) : -1;
    return populationValue(i18n, population, a).localeCompare(populationValue(i18n, population, b), i18n.locale);
  });
}
