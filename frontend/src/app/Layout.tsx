import { Trans, useLingui } from "@lingui/react/macro";
import { Suspense, useState } from "react";
import { Button } from "react-aria-components";
import { Link, Outlet, useNavigate } from "react-router";
import { useMutation } from "urql";

import { LogoutDocument } from "../gql/graphql";
import { ConnectionBanner } from "./ConnectionBanner";
import { Loading } from "./fields";
import { NotificationsBell } from "../notifications/NotificationsBell";
import { LanguageSwitch } from "./LanguageSwitch";
import { useSession } from "./session";

/** The application shell every screen lives in: skip link, header, connection banner, main. */
export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        <Trans>Skip to content</Trans>
      </a>
      <header className="site-header">
        <div className="container header-row">
          <Link to="/" className="brand">
            jam
          </Link>
          <nav className="header-nav" aria-label="Account">
            <LanguageSwitch />
            <Account />
          </nav>
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1} className="container">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

function Account() {
  const { viewer, restart } = useSession();
  const navigate = useNavigate();
  const [, logout] = useMutation(LogoutDocument);
  const [busy, setBusy] = useState(false);
  const { t } = useLingui();
  if (viewer === null) {
    return (
      <Link to="/sign-in" className="button button-quiet">
        {t`Sign in`}
      </Link>
    );
  }
  return (
    <span className="account">
      <NotificationsBell />
      <Link to="/profile" className="account-name" aria-label={t`Your profile: ${viewer.displayName}`}>
        {viewer.displayName}
      </Link>
      <Button
        className="button button-quiet"
        isDisabled={busy}
        onPress={async () => {
          setBusy(true);
          await logout({});
          setBusy(false);
          restart();
          navigate("/sign-in");
        }}
      >
        {t`Sign out`}
      </Button>
    </span>
  );
}
