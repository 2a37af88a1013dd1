/** Joining a jam: one button for employees; guests also give the invitation code they were
 * sent. A refusal is shown by its field (the code) or above the form, in the person's
 * language; on success the jam's `viewerRole` is set in the cache and the pages follow. */
import { useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, TextInput } from "../../app/fields";
import { JoinJamDocument, type JamRole } from "../../gql/graphql";

const FIELDS = ["invitationCode"];

interface JoinJamProps {
  jamId: string;
  jamTitle: string;
  /** Guests need an invitation code. */
  guest: boolean;
  onJoined?: (role: JamRole) => void;
}

export function JoinJam({ jamId, jamTitle, guest, onJoined }: JoinJamProps) {
  const { t, i18n } = useLingui();
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, join] = useMutation(JoinJamDocument);

  async function submit() {
    setFailure(null);
    setErrors([]);
    const invitationCode = guest ? code.trim() : null;
    const result = await join({ input: { jamId, invitationCode } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.joinJam;
    if (!payload || payload.errors.length > 0 || !payload.membership) {
      setErrors(payload?.errors ?? []);
      return;
    }
    onJoined?.(payload.membership.role);
  }

  return (
    <Form
      className="jam-join"
      validationErrors={fieldErrors(i18n, errors, FIELDS)}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
      {guest ? (
        <TextInput
          label={t`Invitation code`}
          name="invitationCode"
          description={t`Guests join with the code from their invitation.`}
          autoComplete="off"
          isRequired
          value={code}
          onChange={(value) => {
            setCode(value);
            // A new code: the refusal of the last one no longer applies (nor blocks sending).
            setErrors((shown) => shown.filter((error) => error.field !== "invitationCode"));
          }}
        />
      ) : null}
      <Button type="submit" className="button button-primary" isDisabled={fetching} aria-label={fetching ? undefined : t`Join ${jamTitle}`}>
        {fetching ? t`Joining…` : t`Join`}
      </Button>
    </Form>
  );
}
