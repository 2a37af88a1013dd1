/** The GraphQL client: urql with graphcache (normalised, so a live count changes in every view
 * at once) over HTTP for queries and mutations and graphql-ws for subscriptions. Both carry
 * the session in its HttpOnly cookie (same origin); the UI never sees the token. */
import { cacheExchange } from "@urql/exchange-graphcache";
import { createClient as createSocketClient, type Client as SocketClient } from "graphql-ws";
import { Client, fetchExchange, subscriptionExchange } from "urql";

import { cacheConfig } from "./cache";
import { setConnectionState } from "./connection";

export interface JamClient {
  urql: Client;
  /** Close the socket; the banner does not count it as a lost connection. */
  dispose(): void;
}

/** Wait before reconnect attempt `retries` (0-based): 0.5 s doubling to 10 s, with jitter so
 * a restarted server is not met by every browser at once. */
export function retryDelay(retries: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** retries, 10_000);
  return base / 2 + random() * (base / 2);
}

export function socketUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
}

export function createJamClient(): JamClient {
  let disposed = false;
  const socket: SocketClient = createSocketClient({
    url: socketUrl(window.location),
    lazy: false,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelay(retries))),
    on: {
      connected: () => {
        if (!disposed) setConnectionState("online");
      },
      closed: () => {
        if (!disposed) setConnectionState("lost");
      },
    },
  });
  const urql = new Client({
    url: "/graphql",
    preferGetMethod: false,
    // JSON only: with text/event-stream in Accept (urql's default) the server would answer
    // over server-sent events.
    fetchOptions: {
      credentials: "same-origin",
      headers: { accept: "application/graphql-response+json, application/json" },
    },
    exchanges: [
      cacheExchange(cacheConfig),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = socket.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return {
    urql,
    dispose() {
      disposed = true;
      void socket.dispose();
    },
  };
}
