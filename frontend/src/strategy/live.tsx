/** The workspace follows the jam live: one `jamActivity` subscription counts what happened
 * (new opinion groups, new jam-wide themes, a new network analysis; a finished job is written
 * into the cache by graphcache), and after a lost connection everything counts as changed.
 * Each view refetches its query when its count moves (`useRefetchOn`). The job "Analyse now"
 * started is kept here too, so its progress survives moving between tabs. */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useSubscription } from "urql";

import { onReconnected } from "../app/connection";
import type { StrategyActivitySubscription } from "../gql/graphql";
import { StrategyActivityDocument } from "./documents";

export interface Changes {
  opinions: number;
  themes: number;
  connectors: number;
}

const NONE: Changes = { opinions: 0, themes: 0, connectors: 0 };

/** What an event changes, as a new count. */
export function countEvent(changes: Changes, event: StrategyActivitySubscription["jamActivity"]): Changes {
  switch (event.__typename) {
    case "OpinionsUpdated":
      return { ...changes, opinions: changes.opinions + 1 };
    case "ThemesUpdated":
      // A forum's own themes are not the workspace's (it shows the jam-wide ones).
      return event.forumId == null ? { ...changes, themes: changes.themes + 1 } : changes;
    case "ConnectorsUpdated":
      return { ...changes, connectors: changes.connectors + 1 };
    case "JobFinished":
      // A failed opinions job brings no OpinionsUpdated: refetch all the same, so the page
      // shows how things stand.
      return event.job.kind === "OPINIONS" && event.job.status === "FAILED"
        ? { ...changes, opinions: changes.opinions + 1 }
        : changes;
    default:
      return changes;
  }
}

interface Live {
  changes: Changes;
  /** The opinions job this page asked for, if any. */
  jobId: string | null;
  setJobId(id: string | null): void;
}

const LiveContext = createContext<Live>({ changes: NONE, jobId: null, setJobId: () => undefined });

export function StrategyLive({ jamId, children }: { jamId: string; children: ReactNode }) {
  const [activity] = useSubscription(
    { query: StrategyActivityDocument, variables: { jamId } },
    (changes: Changes = NONE, event: StrategyActivitySubscription) => countEvent(changes, event.jamActivity),
  );
  const [reconnects, setReconnects] = useState(0);
  useEffect(() => onReconnected(() => setReconnects((count) => count + 1)), []);
  const [jobId, setJobId] = useState<string | null>(null);
  const counted = activity.data ?? NONE;
  const value = useMemo<Live>(
    () => ({
      changes: {
        opinions: counted.opinions + reconnects,
        themes: counted.themes + reconnects,
        connectors: counted.connectors + reconnects,
      },
      jobId,
      setJobId,
    }),
    [counted.opinions, counted.themes, counted.connectors, reconnects, jobId],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}

/** Run `refetch` each time the count of `what` moves on (not when the view mounts). */
export function useRefetchOn(what: keyof Changes | (keyof Changes)[], refetch: () => void): void {
  const { changes } = useLive();
  const kinds = Array.isArray(what) ? what : [what];
  const total = kinds.reduce((sum, kind) => sum + changes[kind], 0);
  const seen = useRef(total);
  useEffect(() => {
    if (total === seen.current) return;
    seen.current = total;
    refetch();
  }, [total, refetch]);
}
