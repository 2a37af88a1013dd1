/** Which language the UI speaks: English, Spanish or French, chosen by the person (kept in
 * localStorage) or else by the browser. Each area of the UI keeps its own catalog
 * (`src/locales/<area>/<locale>.po`, compiled to `.ts` by the build); they are merged here. */
import { i18n, type Messages } from "@lingui/core";

export const LOCALES = { en: "English", es: "Español", fr: "Français" } as const;
export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = "en";
const STORAGE_KEY = "jam.locale";

// Each locale's catalogs are loaded when that locale is first chosen: the page carries one
// language, not three.
const catalogs = import.meta.glob<{ messages: Messages }>("../locales/*/*.ts");

export async function messagesOf(locale: Locale): Promise<Messages> {
  const merged: Messages = {};
  const loading = Object.entries(catalogs)
    .filter(([path]) => path.endsWith(`/${locale}.ts`))
    .map(([, load]) => load());
  for (const catalog of await Promise.all(loading)) Object.assign(merged, catalog.messages);
  return merged;
}

export function isLocale(value: string | null | undefined): value is Locale {
  return value != null && Object.hasOwn(LOCALES, value);
}

/** The saved choice, else the first of the browser's languages we speak, else English. */
export function preferredLocale(
  saved: string | null = readSaved(),
  browser: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages,
): Locale {
  if (isLocale(saved)) return saved;
  for (const tag of browser) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export async function activateLocale(locale: Locale): Promise<void> {
  i18n.loadAndActivate({ locale, messages: await messagesOf(locale) });
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export { i18n };
