import { describe, expect, it } from "vitest";

import { isLocale, messagesOf, preferredLocale } from "./i18n";

describe("preferredLocale", () => {
  it("keeps a saved choice", () => {
    expect(preferredLocale("fr", ["es-ES"])).toBe("fr");
  });

  it("takes the first browser language we speak", () => {
    expect(preferredLocale(null, ["de-DE", "es-MX", "fr"])).toBe("es");
  });

  it("falls back to English", () => {
    expect(preferredLocale(null, ["de", "ja"])).toBe("en");
    expect(preferredLocale("klingon", [])).toBe("en");
  });
});

describe("catalogs", () => {
  it("knows only our three locales", () => {
    expect(isLocale("es")).toBe(true);
    expect(isLocale("de")).toBe(false);
    expect(isLocale("toString")).toBe(false);
  });

  it("has every English message in Spanish and French too", async () => {
    const english = Object.keys(await messagesOf("en"));
    expect(english.length).toBeGreaterThan(20);
    for (const locale of ["es", "fr"] as const) {
      const translated = await messagesOf(locale);
      const missing = english.filter((id) => !(id in translated));
      expect(missing, `missing in ${locale}`).toEqual([]);
    }
  });
});
