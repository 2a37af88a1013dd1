import { i18n } from "@lingui/core";
import { describe, expect, it } from "vitest";

import { fieldErrors, formErrors, userErrorMessage } from "./errors";
import { messagesOf } from "./i18n";

i18n.loadAndActivate({ locale: "fr", messages: await messagesOf("fr") });

describe("UserErrors", () => {
  const errors = [
    { code: "INVALID_INPUT" as const, field: "title", message: "title is 300 characters" },
    { code: "JAM_NOT_LIVE" as const, field: null, message: "the jam is closed" },
  ];

  it("are said in the person's language, chosen by code", () => {
    expect(userErrorMessage(i18n, errors[1]!)).toBe(
      "Ce jam n'est pas en cours : il n'accepte pas de modifications maintenant.",
    );
  });

  it("say that a muted member can only read", () => {
    const message = userErrorMessage(i18n, { code: "MUTED", field: null, message: "you are muted" });
    expect(message).not.toBe("you are muted");
    expect(message).toMatch(/modérat/);
  });

  it("have a message of their own for every code the API sends", () => {
    const codes = ["CONFLICT", "ALREADY_MERGED", "MERGE_PENDING", "AWAITING_AUTHOR", "MODERATOR_NOT_MUTABLE"] as const;
    for (const code of codes) {
      expect(userErrorMessage(i18n, { code, field: null, message: "server text" })).not.toBe("server text");
    }
  });

  it("go to their field, the rest to the form", () => {
    expect(Object.keys(fieldErrors(i18n, errors, ["title", "body"]))).toEqual(["title"]);
    expect(formErrors(i18n, errors, ["title", "body"])).toHaveLength(1);
  });

  it("on a field the form does not show go to the form", () => {
    expect(fieldErrors(i18n, errors, ["body"])).toEqual({});
    expect(formErrors(i18n, errors, ["body"])).toHaveLength(2);
  });
});
