/** "Have an invitation code?": join the code's jam without knowing which one it is. Guests
 * see only the jams they belong to, so a code for another jam can only be used here. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form } from "react-aria-components";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, TextInput } from "../../app/fields";
import { JoinJamDocument } from "../../gql/graphql";
import { jamPath } from "./JamsPage";

const FIELDS = ["invitationCode"];

export function JoinByCode() {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, join] = useMutation(JoinJamDocument);

  async function submit() {
    setFailure(null);
    setErrors([]);
    const result = await join({ input: { invitationCode: code.trim() } });
    if (result.error) return setFailure(requestErrorMessage(i18n, result.error));
    const payload = result.data?.joinJam;
    if (!payload?.membership) return setErrors(payload?.errors ?? []);
    navigate(jamPath(payload.membership.jam.slug));
  }

  return (
    <section className="jam-join-by-code" aria-labelledby="join-by-code">
      <h2 id="join-by-code">
        <Trans>Have an invitation code?</Trans>
      </h2>
      <Form
        validationErrors={fieldErrors(i18n, errors, FIELDS)}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
        <TextInput
          label={t`Invitation code`}
          name="invitationCode"
          description={t`The code in your invitation takes you to its jam.`}
          autoComplete="off"
          isRequired
          value={code}
          onChange={(value) => {
            setCode(value);
            setErrors([]); // a new code: the old refusal no longer applies (and leaves no gap to click into)
          }}
        />
        <Button type="submit" className="button" isDisabled={fetching}>
          {fetching ? t`Joining…` : t`Join with this code`}
        </Button>
      </Form>
    </section>
  );
}
