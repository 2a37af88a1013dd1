// One GraphQL subscription through the reference graphql-transport-ws client (graphql-ws's
// createClient over the `ws` package), for tests/api/test_api_reference_client.py.
//
//   node subscribe.mjs --url ws://HOST/graphql --query 'subscription ...' \
//        [--variables '{"jam": "1"}'] [--count 1] [--timeout 10]
//
// The token comes from --token or the JAM_TOKEN environment variable (the environment keeps it
// out of the process list); it is sent as {"authToken": token} in connection_init.
//
// stdout carries one JSON object a line:
//   {"type": "ready"}                      the subscribe message has been written to the socket
//   {"type": "next", "payload": {...}}     each execution result ({data} and/or {errors})
//   {"type": "error", "error": ..., "code": closeCode | null}
// It exits 0 once --count results have arrived, and 1 after an error line: the socket closed
// (its close code), the subscription failed (code null, the GraphQL errors as `error`), the
// subscription completed early, or the timeout (seconds) ran out.
import { parseArgs } from "node:util";

import { createClient } from "graphql-ws";
import WebSocket from "ws";

const { values: args } = parseArgs({
  options: {
    url: { type: "string", default: process.env.JAM_WS_URL },
    token: { type: "string", default: process.env.JAM_TOKEN },
    query: { type: "string", default: process.env.JAM_QUERY },
    variables: { type: "string", default: process.env.JAM_VARIABLES ?? "{}" },
    count: { type: "string", default: process.env.JAM_COUNT ?? "1" },
    timeout: { type: "string", default: process.env.JAM_TIMEOUT ?? "10" },
  },
});

let finished = false;

function emit(line) {
  process.stdout.write(JSON.stringify(line) + "\n");
}

function finish(code, line) {
  if (finished) return;
  finished = true;
  if (line) emit(line);
  // A pipe is written synchronously on POSIX; exit once the last line has been flushed anyway.
  process.stdout.write("", () => process.exit(code));
}

function describe(error) {
  if (Array.isArray(error)) return error; // GraphQL errors from an `error` message
  if (error && typeof error === "object" && "code" in error && "reason" in error) {
    return error.reason || `closed with ${error.code}`; // a CloseEvent
  }
  return error instanceof Error ? error.message : String(error);
}

function fail(error) {
  const code =
    error && typeof error === "object" && typeof error.code === "number" ? error.code : null;
  finish(1, { type: "error", error: describe(error), code });
}

if (!args.url || !args.query) {
  fail(new Error("--url and --query are required"));
} else {
  const count = Number.parseInt(args.count, 10);
  const timeout = Number.parseFloat(args.timeout);
  const variables = JSON.parse(args.variables);

  setTimeout(() => fail(new Error(`timed out after ${timeout}s`)), timeout * 1000).unref();

  // `ws` itself, watched only to say "ready" once the subscribe message is on the wire (the
  // protocol has no acknowledgement of a subscription).
  class WatchedWebSocket extends WebSocket {
    send(data, ...rest) {
      const subscribing = typeof data === "string" && JSON.parse(data).type === "subscribe";
      if (!subscribing) return super.send(data, ...rest);
      return super.send(data, (err) => {
        if (err) fail(err);
        else emit({ type: "ready" });
      });
    }
  }

  let received = 0;
  const client = createClient({
    url: args.url,
    webSocketImpl: WatchedWebSocket,
    connectionParams: args.token ? { authToken: args.token } : undefined,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: fail,
    on: {
      // graphql-ws would reconnect after a 1000 close while subscribed: report every close.
      closed: (event) => fail(event),
      error: (error) => fail(error),
    },
  });

  client.subscribe(
    { query: args.query, variables },
    {
      next(result) {
        if (finished) return;
        emit({ type: "next", payload: result });
        received += 1;
        if (received >= count) {
          finished = true;
          client.dispose();
          process.stdout.write("", () => process.exit(0));
        }
      },
      error: fail,
      complete() {
        if (received < count) fail(new Error(`completed after ${received} of ${count} results`));
      },
    },
  );
}
