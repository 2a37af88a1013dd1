/** The jam's invitation codes for its moderators: each code with its uses, limit, expiry and
 * state, "Copy" and "Revoke" (confirmed); "Create invitation" with an optional limit and
 * expiry. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useRef, useState } from "react";
import { Button, Form } from "react-aria-components";
import { useMutation, useQuery } from "urql";

import { userErrorMessage } from "../app/errors";
import { FormAlert, Loading, TextInput } from "../app/fields";
import { formatDateTime } from "../app/format";
import { userText } from "../app/userText";
import {
  ModerationCreateInvitationDocument,
  ModerationInvitationsDocument,
  ModerationRevokeInvitationDocument,
  type ModerationInvitationFieldsFragment,
} from "../gql/graphql";
import { ConfirmDialog } from "./ConfirmDialog";
import { RequestProblem } from "./controls";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { invitationState, parseMaxUses, type InvitationState } from "./people";
import { fromLocalInput } from "./shifts";
import { useNow } from "./useNow";

type Invitation = ModerationInvitationFieldsFragment;

export function InvitationsPanel({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [{ data, error }, reexecute] = useQuery({
    query: ModerationInvitationsDocument,
    variables: { jamId: jam.id },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const now = useNow();
  const [status, setStatus] = useState("");
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [revokeProblems, setRevokeProblems] = useState<string[]>([]);
  const [{ fetching: busy }, revoke] = useMutation(ModerationRevokeInvitationDocument);

  async function confirmRevoke() {
    if (!revoking) return;
    const result = await revoke({ input: { code: revoking.code } });
    const problems = problemsOf(i18n, result.error, result.data?.revokeInvitation);
    if (problems.length > 0) {
      setRevokeProblems(problems);
      return;
    }
    const code = revoking.code;
    setRevoking(null);
    setStatus(t`The code ${code} is revoked: nobody else can join with it.`);
    reload();
  }

  const invitations = data?.invitations;
  return (
    <section aria-labelledby="moderation-invitations-heading" className="moderation-merge-part moderation-invitations">
      <h3 id="moderation-invitations-heading" className="moderation-subheading">
        <Trans>Invitations</Trans>
      </h3>
      <p className="muted">
        <Trans>Guests join this jam with one of these codes. Revoking a code stops new joins; those who joined stay.</Trans>
      </p>
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      <CreateInvitation
        jamId={jam.id}
        onCreated={(message) => {
          setStatus(message);
          reload();
        }}
      />
      {isForbidden(error) ? (
        <p role="alert" className="banner banner-info">
          <Trans>Only this jam's moderators can see this.</Trans>
        </p>
      ) : error && !invitations ? (
        <RequestProblem error={error} onRetry={reload} />
      ) : !invitations ? (
        <Loading />
      ) : invitations.length === 0 ? (
        <p className="empty">
          <Trans>This jam has no invitation codes yet.</Trans>
        </p>
      ) : (
        <ul className="moderation-list">
          {invitations.map((invitation) => (
            <li key={invitation.id}>
              <InvitationCard
                invitation={invitation}
                state={invitationState(invitation, now)}
                onRevoke={() => {
                  setRevokeProblems([]);
                  setRevoking(invitation);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        isOpen={revoking !== null}
        title={t`Revoke this invitation code?`}
        action={t`Revoke`}
        busy={busy}
        errors={revokeProblems}
        onCancel={() => setRevoking(null)}
        onConfirm={() => void confirmRevoke()}
      >
        <p>{t`Nobody else can join with it. Those who joined with it stay members. This cannot be undone.`}</p>
        {revoking ? <p className="moderation-code">{revoking.code}</p> : null}
      </ConfirmDialog>
    </section>
  );
}

function stateLabel(t: ReturnType<typeof useLingui>["t"], state: InvitationState): string {
  switch (state) {
    case "active":
      return t`Active`;
    case "revoked":
      return t`Revoked`;
    case "expired":
      return t`Expired`;
    case "usedUp":
      return t`All uses taken`;
  }
}

function InvitationCard({ invitation, state, onRevoke }: { invitation: Invitation; state: InvitationState; onRevoke(): void }) {
  const { t, i18n } = useLingui();
  const code = invitation.code;
  const uses = invitation.uses;
  const max = invitation.maxUses;
  const created = formatDateTime(i18n.locale, invitation.createdAt);
  const creatorName = invitation.createdBy?.displayName;
  const creator = userText(creatorName);
  return (
    <article className="card moderation-invitation" aria-label={t`Code ${code}`}>
      <div className="row moderation-item-head">
        <CopyCode code={code} />
        <span className={`badge ${state === "active" ? "badge-live" : "badge-closed"}`}>{stateLabel(t, state)}</span>
      </div>
      <dl className="moderation-facts">
        <div>
          <dt>{t`Uses`}</dt>
          <dd>{max === null || max === undefined ? <Trans>{uses} (no limit)</Trans> : <Trans>{uses} of {max}</Trans>}</dd>
        </div>
        <div>
          <dt>{t`Expires`}</dt>
          <dd>{invitation.expiresAt ? formatDateTime(i18n.locale, invitation.expiresAt) : t`Never`}</dd>
        </div>
        <div>
          <dt>{t`Created`}</dt>
          <dd>{creatorName ? <Trans>{created} by {creator}</Trans> : created}</dd>
        </div>
        {invitation.revokedAt ? (
          <div>
            <dt>{t`Revoked`}</dt>
            <dd>{formatDateTime(i18n.locale, invitation.revokedAt)}</dd>
          </div>
        ) : null}
      </dl>
      {invitation.revokedAt ? null : (
        <Button className="button" onPress={onRevoke}>
          <Trans>
            Revoke<span className="visually-hidden">: code {code}</span>
          </Trans>
        </Button>
      )}
    </article>
  );
}

/** The code, and "Copy": to the clipboard when the browser allows it, else the code is
 * selected for the person to copy themselves. Either way the outcome is said. */
function CopyCode({ code }: { code: string }) {
  const { t } = useLingui();
  const text = useRef<HTMLElement>(null);
  const [said, setSaid] = useState("");

  function select() {
    const node = text.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(code);
      setSaid(t`Copied`);
    } catch {
      select();
      setSaid(t`Selected: press Ctrl+C (or ⌘C) to copy.`);
    }
  }

  return (
    <span className="moderation-copy">
      <code ref={text} className="moderation-code">
        {code}
      </code>
      <Button className="button" onPress={() => void copy()}>
        <Trans>
          Copy<span className="visually-hidden"> code {code}</span>
        </Trans>
      </Button>
      <span role="status" className="moderation-copied">
        {said}
      </span>
    </span>
  );
}

function CreateInvitation({ jamId, onCreated }: { jamId: string; onCreated(message: string): void }) {
  const { t, i18n } = useLingui();
  const [maxUses, setMaxUses] = useState("");
  const [expires, setExpires] = useState("");
  const [validation, setValidation] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [{ fetching: creating }, create] = useMutation(ModerationCreateInvitationDocument);

  async function submit() {
    setValidation({});
    setProblems([]);
    const limit = parseMaxUses(maxUses);
    const expiresAt = expires.trim() === "" ? null : fromLocalInput(expires);
    if (limit === "invalid" || (expires.trim() !== "" && expiresAt === null)) return;
    const result = await create({ input: { jamId, maxUses: limit, expiresAt } });
    const payload = result.data?.createInvitation;
    if (!payload) {
      setProblems(problemsOf(i18n, result.error, payload));
      return;
    }
    if (payload.errors.length > 0 || !payload.invitation) {
      const found: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const refusal of payload.errors) {
        const message =
          refusal.field === "expiresAt" && refusal.code === "INVALID_INPUT"
            ? t`The expiry must be in the future.`
            : refusal.field === "maxUses" && refusal.code === "INVALID_INPUT"
              ? t`Enter a whole number from 1 to 100,000, or leave it empty.`
              : userErrorMessage(i18n, refusal);
        if ((refusal.field === "expiresAt" || refusal.field === "maxUses") && !(refusal.field in found)) found[refusal.field] = message;
        else elsewhere.push(message);
      }
      setValidation(found);
      setProblems(elsewhere);
      return;
    }
    const code = payload.invitation.code;
    setMaxUses("");
    setExpires("");
    onCreated(t`New invitation code: ${code}.`);
  }

  return (
    <Form
      className="card moderation-composer"
      validationErrors={validation}
      aria-label={t`Create invitation`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!creating) void submit();
      }}
    >
      <div className="moderation-period">
        <TextInput
          label={t`Maximum uses (optional)`}
          name="maxUses"
          inputMode="numeric"
          value={maxUses}
          onChange={setMaxUses}
          maxLength={7}
          description={t`Empty: no limit.`}
          validate={(value) => (parseMaxUses(value) === "invalid" ? t`Enter a whole number from 1 to 100,000, or leave it empty.` : null)}
        />
        <TextInput
          label={t`Expires (optional)`}
          name="expiresAt"
          type="datetime-local"
          value={expires}
          onChange={setExpires}
          description={t`Empty: never. In your time zone.`}
          validate={(value) => (value.trim() !== "" && fromLocalInput(value) === null ? t`Enter a date and time.` : null)}
        />
      </div>
      <FormAlert messages={problems} />
      <Button type="submit" className="button button-primary" isDisabled={creating}>
        {creating ? t`Creating…` : t`Create invitation`}
      </Button>
    </Form>
  );
}
