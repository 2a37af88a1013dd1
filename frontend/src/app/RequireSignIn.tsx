import { Trans } from "@lingui/react/macro";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { useSession } from "./session";

/** Pages for members: the sign-in page first (coming back here after). */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { viewer, loading } = useSession();
  const location = useLocation();
  if (loading) {
    return (
      <p role="status" className="loading">
        <Trans>Loading…</Trans>
      </p>
    );
  }
  if (viewer === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return <>{children}</>;
}
