import { i18n } from "@lingui/core";
import { describe, expect, it } from "vitest";

import { isPopulation, populationValue, sortValues } from "./population";

i18n.loadAndActivate({ locale: "en", messages: {} });

describe("populationValue", () => {
  it("names account kinds and the bucket of rare values", () => {
    expect(populationValue(i18n, "KIND", "employee")).toBe("Employees");
    expect(populationValue(i18n, "KIND", "guest")).toBe("Guests");
    expect(populationValue(i18n, "ORG_UNIT", "other")).toBe("Other");
  });
  it("names countries from their codes, and keeps org units as they are", () => {
    expect(populationValue(i18n, "COUNTRY", "ES")).toBe("Spain");
    expect(populationValue(i18n, "COUNTRY", "Atlantis")).toBe("Atlantis");
    expect(populationValue(i18n, "ORG_UNIT", "Research")).toBe("Research");
  });
});

describe("sortValues", () => {
  it("sorts by name with other last", () => {
    expect(sortValues(i18n, "ORG_UNIT", ["other", "Sales", "Design"])).toEqual(["Design", "Sales", "other"]);
    expect(sortValues(i18n, "COUNTRY", ["other", "FR", "DE"])).toEqual(["FR", "DE", "other"]);
  });
});

describe("isPopulation", () => {
  it("knows the three populations", () => {
    expect(isPopulation("ORG_UNIT")).toBe(true);
    expect(isPopulation("AGE")).toBe(false);
    expect(isPopulation(null)).toBe(false);
  });
});
