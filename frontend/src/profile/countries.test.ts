import { describe, expect, it } from "vitest";

import { COUNTRY_CODES, countryList, countryName, knownCountry } from "./countries";

describe("COUNTRY_CODES", () => {
  it("holds the 249 ISO 3166-1 alpha-2 codes, once each", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect(COUNTRY_CODES.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
  });
});

describe("countryList", () => {
  it("names every country in the viewer's language", () => {
    const english = countryList("en");
    const spanish = countryList("es");
    expect(english).toHaveLength(249);
    expect(english.find((country) => country.code === "DE")?.name).toBe("Germany");
    expect(spanish.find((country) => country.code === "DE")?.name).toBe("Alemania");
    expect(countryList("fr").find((country) => country.code === "DE")?.name).toBe("Allemagne");
  });
  it("sorts by name as the language does", () => {
    const names = countryList("en").map((country) => country.name);
    const sorted = [...names].sort(new Intl.Collator("en", { sensitivity: "base" }).compare);
    expect(names).toEqual(sorted);
    expect(names[0]).toBe("Afghanistan");
  });
});

describe("countryName and knownCountry", () => {
  it("names a code, any case", () => {
    expect(countryName("en", "fr")).toBe("France");
  });
  it("keeps only known codes", () => {
    expect(knownCountry("gb")).toBe("GB");
    expect(knownCountry("XX")).toBe("");
    expect(knownCountry(null)).toBe("");
  });
});
