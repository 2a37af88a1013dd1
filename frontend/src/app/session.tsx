/** Who is signed in. Signing in or out starts a fresh client (an empty cache and a socket that
 * carries the new session cookie), so nothing of one person's view survives into the next. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Provider, useQuery } from "urql";

import { ViewerDocument, type ViewerQuery } from "../gql/graphql";
import { createJamClient, type JamClient } from "./client";

export type Viewer = NonNullable<ViewerQuery["viewer"]>;

interface Session {
  viewer: Viewer | null;
  /** True until the first answer about the viewer arrives. */
  loading: boolean;
  /** The session changed (signed in or out): start again with a fresh client. */
  restart(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<{ client: JamClient; generation: number }>(() => ({
    client: createJamClient(),
    generation: 0,
  }));
  const { client, generation } = session;
  useEffect(() => () => client.dispose(), [client]);
  const restart = useCallback(
    () => setSession((old) => ({ client: createJamClient(), generation: old.generation + 1 })),
    [],
  );
  // Keyed by generation: the pages below start again too, waiting for the new viewer.
  return (
    <Provider value={client.urql}>
      <ViewerSession key={generation} restart={restart}>
        {children}
      </ViewerSession>
    </Provider>
  );
}

function ViewerSession({ restart, children }: { restart: () => void; children: ReactNode }) {
  const [{ data, error }] = useQuery({ query: ViewerDocument });
  // A failed request (the server restarting, the network gone) says nothing about who is
  // signed in: the last answer stands until the server gives another.
  const [known, setKnown] = useState<{ viewer: Viewer | null } | null>(null);
  const answered = data === undefined ? undefined : (data.viewer ?? null);
  if (answered !== undefined && (known === null || known.viewer !== answered)) {
    setKnown({ viewer: answered });
  }
  const viewer = answered !== undefined ? answered : (known?.viewer ?? null);
  const loading = answered === undefined && known === null && error === undefined;
  const session = useMemo<Session>(() => ({ viewer, loading, restart }), [viewer, loading, restart]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession outside SessionProvider");
  return session;
}
