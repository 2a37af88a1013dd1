/** Whether the live connection to the server is up, for the banner that says it is not.
 * graphql-ws reconnects by itself; pages that show live data listen for `reconnected` to
 * fetch what they missed. */
import { useSyncExternalStore } from "react";

export type ConnectionState = "connecting" | "online" | "lost";

let state: ConnectionState = "connecting";
let wasLost = false;
const listeners = new Set<() => void>();
const reconnectListeners = new Set<() => void>();

export function setConnectionState(next: ConnectionState): void {
  if (next === state) return;
  if (next === "lost") wasLost = true;
  const recovered = next === "online" && wasLost;
  state = next;
  listeners.forEach((listener) => listener());
  if (recovered) {
    wasLost = false;
    reconnectListeners.forEach((listener) => listener());
  }
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Call `listener` each time the connection comes back after it was lost. */
export function onReconnected(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
