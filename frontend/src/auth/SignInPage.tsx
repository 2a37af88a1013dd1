import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { useSession } from "../app/session";
import { LoginDocument, SignInOptionsDocument } from "../gql/graphql";

const FIELDS = ["email", "password"];

/** Only paths of this site: `next` must not send anyone elsewhere after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInPage() {
  const { t, i18n } = useLingui();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { restart } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(LoginDocument);
  const [{ data: options }] = useQuery({ query: SignInOptionsDocument });

  async function submit() {
    setFailure(null);
    const result = await login({ input: { email, password } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.login;
    if (!payload || payload.errors.length > 0 || !payload.user) {
      setErrors(payload?.errors ?? []);
      return;
    }
    restart();
    navigate(safeNext(params.get("next")), { replace: true });
  }

  return (
    <section className="narrow">
      <PageTitle title={t`Sign in`} />
      {options?.signInHint ? <p className="banner banner-info">{options.signInHint}</p> : null}
      <Form
        validationErrors={fieldErrors(i18n, errors, FIELDS)}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
        <TextInput label={t`E-mail address`} name="email" type="email" autoComplete="email" isRequired value={email} onChange={setEmail} />
        <TextInput
          label={t`Password`}
          name="password"
          type="password"
          autoComplete="current-password"
          isRequired
          value={password}
          onChange={setPassword}
        />
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {fetching ? t`Signing in…` : t`Sign in`}
        </Button>
      </Form>
      <p>
        {options?.registration === "OFF" ? (
          <Trans>
            Forgot your password? <Link to="/forgot-password">Reset it</Link>.
          </Trans>
        ) : (
          <Trans>
            New here? <Link to="/register">Create an account</Link>. Forgot your password?{" "}
            <Link to="/forgot-password">Reset it</Link>.
          </Trans>
        )}
      </p>
    </section>
  );
}
