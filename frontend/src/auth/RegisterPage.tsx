import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { Link, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { userText } from "../app/userText";
import { RegisterDocument, SignInOptionsDocument } from "../gql/graphql";

const FIELDS = ["email", "password", "displayName", "invitationCode"];

/** Sign up. Employees use their work address; outside guests also need the invitation code a
 * moderator gave them (it may come in the link: /register?code=…). */
export function RegisterPage() {
  const { t, i18n } = useLingui();
  const [params] = useSearchParams();
  const [address, setAddress] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [invitationCode, setInvitationCode] = useState(params.get("code") ?? "");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [{ fetching }, register] = useMutation(RegisterDocument);
  const [{ data: options }] = useQuery({ query: SignInOptionsDocument });
  const codeRequired = options?.registration !== "OPEN";

  async function submit() {
    setFailure(null);
    const result = await register({
      input: { email: address, password, displayName, invitationCode: invitationCode.trim() || null },
    });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.register;
    if (!payload || payload.errors.length > 0) {
      setErrors(payload?.errors ?? []);
      return;
    }
    setSent(true);
  }

  if (sent) {
    const email = userText(address);
    return (
      <section className="narrow">
        <PageTitle title={t`Check your mailbox`} />
        <p role="status">
          <Trans>
            We sent a message to <strong>{email}</strong>. Follow its link to verify your address, then{" "}
            <Link to="/sign-in">sign in</Link>.
          </Trans>
        </p>
      </section>
    );
  }

  if (options?.registration === "OFF") {
    return (
      <section className="narrow">
        <PageTitle title={t`Create an account`} />
        <p>
          <Trans>
            This site does not take sign-ups: an administrator creates accounts. Have one?{" "}
            <Link to="/sign-in">Sign in</Link>.
          </Trans>
        </p>
      </section>
    );
  }

  return (
    <section className="narrow">
      <PageTitle title={t`Create an account`} />
      <Form
        validationErrors={fieldErrors(i18n, errors, FIELDS)}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
        <TextInput label={t`Your name`} name="displayName" autoComplete="name" isRequired maxLength={80} value={displayName} onChange={setDisplayName} />
        <TextInput label={t`E-mail address`} name="email" type="email" autoComplete="email" isRequired value={address} onChange={setAddress} />
        <TextInput
          label={t`Password`}
          name="password"
          type="password"
          autoComplete="new-password"
          isRequired
          minLength={8}
          description={t`At least 8 characters.`}
          value={password}
          onChange={setPassword}
        />
        <TextInput
          label={t`Invitation code`}
          name="invitationCode"
          isRequired={codeRequired}
          description={
            codeRequired
              ? t`The code from your invitation: it also makes you a member of its jam.`
              : t`Guests from outside the organisation: the code your moderator gave you.`
          }
          value={invitationCode}
          onChange={setInvitationCode}
        />
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {fetching ? t`Creating your account…` : t`Create account`}
        </Button>
      </Form>
      <p>
        <Trans>
          Have an account? <Link to="/sign-in">Sign in</Link>.
        </Trans>
      </p>
    </section>
  );
}
