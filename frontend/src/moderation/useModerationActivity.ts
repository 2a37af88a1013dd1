/** The jam's live events that change the queue (a new flag, another moderator's decision),
 * on the same `jamActivity` stream the jam's pages use. */
import { useEffect, useRef } from "react";
import { createRequest, useClient } from "urql";

import { ModerationActivityDocument, type ModerationActivitySubscription } from "../gql/graphql";

export type ModerationEvent = ModerationActivitySubscription["jamActivity"];

export function useModerationActivity(jamId: string, onEvent: (event: ModerationEvent) => void): void {
  const client = useClient();
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    const request = createRequest(ModerationActivityDocument, { jamId });
    const subscription = client.executeSubscription(request).subscribe((result) => {
      const event = result.data?.jamActivity;
      if (event) handler.current(event);
    });
    return () => subscription.unsubscribe();
  }, [client, jamId]);
}
