import { CombinedError } from "urql";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";

import { appendPage, isForbidden, PAGE_MAX, reloadSize } from "./paging";

describe("paging", () => {
  const key = (node: { id: string }) => node.id;

  it("appends a page without repeating a node", () => {
    const merged = appendPage([{ id: "a" }, { id: "b" }], [{ id: "b" }, { id: "c" }], key);
    expect(merged.map(key)).toEqual(["a", "b", "c"]);
  });

  it("fetches again as many as were shown, within the server's limit", () => {
    expect(reloadSize(3, 20)).toBe(20);
    expect(reloadSize(45, 20)).toBe(45);
    expect(reloadSize(400, 20)).toBe(PAGE_MAX);
  });

  it("recognises the API's refusal", () => {
    const forbidden = new CombinedError({
      graphQLErrors: [new GraphQLError("moderators only", { extensions: { code: "FORBIDDEN" } })],
    });
    const other = new CombinedError({ graphQLErrors: [new GraphQLError("boom")] });
    expect(isForbidden(forbidden)).toBe(true);
    expect(isForbidden(other)).toBe(false);
    expect(isForbidden(null)).toBe(false);
  });
});
