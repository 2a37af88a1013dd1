import type { IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";

import introspection from "../gql/introspection";
import { embeddedTypes } from "./cache";

const schema = introspection as unknown as IntrospectionQuery;

describe("embeddedTypes", () => {
  const keys = embeddedTypes(schema);

  it("keys entities by their id", () => {
    for (const entity of ["Idea", "Jam", "Forum", "Comment", "User", "ThemeSnapshot"]) {
      expect(keys[entity], entity).toBeUndefined();
    }
  });

  it("embeds types without an ID! id in their parent", () => {
    for (const embedded of ["PageInfo", "IdeaConnection", "UserError", "Theme", "Person", "IdeaPosted"]) {
      expect(keys[embedded], embedded).toBeTypeOf("function");
      expect(keys[embedded]?.({ __typename: embedded })).toBeNull();
    }
  });
});
