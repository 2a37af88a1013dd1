/** graphcache's configuration: which types are entities (those with an `id: ID!`; everything
 * else is embedded in its parent), and each area's updaters and optimistic results. */
import type { CacheExchangeOpts, KeyingConfig } from "@urql/exchange-graphcache";
import type { IntrospectionQuery } from "graphql";

import introspection from "../gql/introspection";
import { forumCache } from "../participant/forum/cache";
import { ideaCache } from "../participant/idea/cache";
import { notificationsCache } from "../notifications/cache";
import { liveCache } from "../participant/live/cache";

type Parts = Pick<CacheExchangeOpts, "updates" | "optimistic">;

/** `null` (embedded) for every object type without a non-null `id: ID!` field. */
export function embeddedTypes(schema: IntrospectionQuery): KeyingConfig {
  const keys: KeyingConfig = {};
  for (const type of schema.__schema.types) {
    if (type.kind !== "OBJECT" || type.name.startsWith("__")) continue;
    const id = type.fields?.find((field) => field.name === "id");
    const isEntityId =
      id !== undefined &&
      id.type.kind === "NON_NULL" &&
      "ofType" in id.type &&
      id.type.ofType?.kind === "SCALAR" &&
      "name" in id.type.ofType &&
      id.type.ofType.name === "ID";
    if (!isEntityId && !["Query", "Mutation", "Subscription"].includes(type.name)) {
      keys[type.name] = () => null;
    }
  }
  return keys;
}

function merge(...parts: Parts[]): Parts {
  const updates: NonNullable<Parts["updates"]> = {};
  const optimistic: NonNullable<Parts["optimistic"]> = {};
  for (const part of parts) {
    for (const [typename, fields] of Object.entries(part.updates ?? {})) {
      updates[typename] = { ...updates[typename], ...fields };
    }
    Object.assign(optimistic, part.optimistic ?? {});
  }
  return { updates, optimistic };
}

const schema = introspection as unknown as IntrospectionQuery;

export const cacheConfig: CacheExchangeOpts = {
  schema: introspection as CacheExchangeOpts["schema"],
  keys: embeddedTypes(schema),
  ...merge(forumCache, ideaCache, liveCache, notificationsCache),
};
