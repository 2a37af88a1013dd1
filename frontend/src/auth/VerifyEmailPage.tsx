import { Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useMutation } from "urql";

import { requestErrorMessage, userErrorMessage } from "../app/errors";
import { Loading } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { VerifyEmailDocument } from "../gql/graphql";

/** Where the verification mail's link lands: verifies once, then says what happened. */
export function VerifyEmailPage() {
  const { t, i18n } = useLingui();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [, verify] = useMutation(VerifyEmailDocument);
  const [outcome, setOutcome] = useState<{ ok: boolean; message?: string } | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void verify({ token }).then((result) => {
      if (result.error) setOutcome({ ok: false, message: requestErrorMessage(i18n, result.error) });
      else {
        const error = result.data?.verifyEmail.errors[0];
        setOutcome(error ? { ok: false, message: userErrorMessage(i18n, error) } : { ok: true });
      }
    });
  }, [token, verify, i18n]);

  return (
    <section className="narrow">
      <PageTitle title={t`Verify your address`} />
      {outcome === null ? (
        <Loading />
      ) : outcome.ok ? (
        <p role="status">
          <Trans>
            Your address is verified. <Link to="/sign-in">Sign in</Link>.
          </Trans>
        </p>
      ) : (
        <p role="alert" className="banner banner-error">
          {outcome.message}
        </p>
      )}
    </section>
  );
}
