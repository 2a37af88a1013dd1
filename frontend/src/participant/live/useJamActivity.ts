/** One jam's live stream for any page: `useJamActivity(jamId, onEvent)` calls `onEvent` with
 * each event of `jamActivity` as it arrives (new ideas, comments, votes, themes, the jam's
 * clock...). Pages that show the same jam share one subscription (urql dedupes identical
 * operations), and graphcache has already written each event's ids and counts
 * (see ./cache.ts) when `onEvent` runs, so most pages need no handler at all: use it to add
 * things to a feed, or to refetch what an event does not carry.
 *
 *   useJamActivity(jam?.id, (event) => {
 *     if (event.__typename === "ForumAdded") refetch();
 *   });
 *
 * It is paused while `jamId` is null or undefined (the page has not loaded the jam yet).
 * After a lost connection graphql-ws resubscribes by itself without `after`, so what happened
 * in between is not replayed: refetch your queries in an `onReconnected` listener. */
import { useEffect, useRef, useState } from "react";
import { createRequest, useClient, type CombinedError } from "urql";

import { JamActivityDocument, type JamActivitySubscription } from "../../gql/graphql";

/** One event of a jam's stream, discriminated by `__typename`. */
export type JamActivityEvent = JamActivitySubscription["jamActivity"];

export interface JamActivityState {
  /** Why the stream stopped (e.g. the jam is not visible to the viewer), if it did. */
  error: CombinedError | null;
}

export function useJamActivity(
  jamId: string | null | undefined,
  onEvent?: (event: JamActivityEvent) => void,
): JamActivityState {
  const client = useClient();
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const [failure, setFailure] = useState<{ jamId: string; error: CombinedError } | null>(null);
  useEffect(() => {
    if (!jamId) return;
    const request = createRequest(JamActivityDocument, { jamId });
    const subscription = client.executeSubscription(request).subscribe((result) => {
      if (result.error) setFailure({ jamId, error: result.error });
      const event = result.data?.jamActivity;
      if (event) handler.current?.(event);
    });
    return () => subscription.unsubscribe();
  }, [client, jamId]);
  return { error: failure !== null && failure.jamId === jamId ? failure.error : null };
}
