import { Trans, useLingui } from "@lingui/react/macro";
import { Link } from "react-router";

import { PageTitle } from "./PageTitle";

export function NotFoundPage() {
  const { t } = useLingui();
  return (
    <>
      <PageTitle title={t`Page not found`} />
      <p>
        <Trans>
          There is nothing at this address. <Link to="/">See your jams</Link>.
        </Trans>
      </p>
    </>
  );
}
