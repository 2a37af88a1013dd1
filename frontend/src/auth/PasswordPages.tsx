import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { useSession } from "../app/session";
import { userText } from "../app/userText";
import { RequestPasswordResetDocument, ResetPasswordDocument } from "../gql/graphql";

export function ForgotPasswordPage() {
  const { t, i18n } = useLingui();
  const [address, setAddress] = useState("");
  const email = userText(address);
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, request] = useMutation(RequestPasswordResetDocument);

  async function submit() {
    setFailure(null);
    const result = await request({ email: address });
    if (result.error) setFailure(requestErrorMessage(i18n, result.error));
    else if (result.data?.requestPasswordReset.errors.length) setErrors(result.data.requestPasswordReset.errors);
    else setSent(true);
  }

  return (
    <section className="narrow">
      <PageTitle title={t`Reset your password`} />
      {sent ? (
        <p role="status">
          <Trans>If {email} has an account, a message with a reset link is on its way.</Trans>
        </p>
      ) : (
        <Form
          validationErrors={fieldErrors(i18n, errors, ["email"])}
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <FormAlert messages={[...formErrors(i18n, errors, ["email"]), ...(failure ? [failure] : [])]} />
          <TextInput label={t`E-mail address`} name="email" type="email" autoComplete="email" isRequired value={address} onChange={setAddress} />
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {t`Send the link`}
          </Button>
        </Form>
      )}
      <p>
        <Link to="/sign-in">{t`Back to sign in`}</Link>
      </p>
    </section>
  );
}

export function ResetPasswordPage() {
  const { t, i18n } = useLingui();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { restart } = useSession();
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, reset] = useMutation(ResetPasswordDocument);

  async function submit() {
    setFailure(null);
    const result = await reset({ token: params.get("token") ?? "", newPassword });
    if (result.error) return setFailure(requestErrorMessage(i18n, result.error));
    const payload = result.data?.resetPassword;
    if (!payload || payload.errors.length > 0) return setErrors(payload?.errors ?? []);
    restart();
    navigate("/", { replace: true });
  }

  return (
    <section className="narrow">
      <PageTitle title={t`Choose a new password`} />
      <Form
        validationErrors={fieldErrors(i18n, errors, ["newPassword"])}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, ["newPassword"]), ...(failure ? [failure] : [])]} />
        <TextInput
          label={t`New password`}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          isRequired
          minLength={8}
          value={newPassword}
          onChange={setNewPassword}
        />
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {t`Save and sign in`}
        </Button>
      </Form>
    </section>
  );
}
