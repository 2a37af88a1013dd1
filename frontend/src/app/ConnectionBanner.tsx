import { Trans } from "@lingui/react/macro";

import { useConnectionState } from "./connection";

/** Says so while the live connection is down; it comes back by itself (graphql-ws retries). */
export function ConnectionBanner() {
  const state = useConnectionState();
  return (
    <div role="status" aria-live="polite" className={state === "lost" ? "banner banner-warning" : "visually-hidden"}>
      {state === "lost" ? <Trans>Connection lost. Reconnecting… Live updates resume by themselves.</Trans> : null}
    </div>
  );
}
