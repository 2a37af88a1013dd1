import { i18n } from "@lingui/core";
import { describe, expect, it } from "vitest";

import { changeLabel, extraKeywords } from "./themeChange";

i18n.loadAndActivate({ locale: "en", messages: {} });

describe("changeLabel", () => {
  it("names new, split and merged themes, and nothing else", () => {
    expect(changeLabel(i18n, "new")).toBe("New");
    expect(changeLabel(i18n, "split")).toBe("Split off");
    expect(changeLabel(i18n, "merged")).toBe("Merged");
    expect(changeLabel(i18n, "continued")).toBeNull();
    expect(changeLabel(i18n, null)).toBeNull();
  });
});

describe("extraKeywords", () => {
  it("leaves out the words the label already says", () => {
    expect(extraKeywords("traffic · school · data", ["traffic", "School", "crossings", "map", "safer", "routes", "bus"])).toEqual([
      "crossings",
      "map",
      "safer",
      "routes",
    ]);
    expect(extraKeywords("Parks for everyone", ["parks"], 4)).toEqual(["parks"]);
  });
});
