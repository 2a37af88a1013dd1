/** Plan a shift, or change one that has not started: who (a new shift only), from when to
 * when (date and time in the viewer's zone) and which forums (all, or some). The API's
 * refusals (an overlap, say) are shown at their field or above the form. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Checkbox, CheckboxGroup, Form, Label, Radio, RadioGroup } from "react-aria-components";
import { useMutation } from "urql";

import { userErrorMessage, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { userText } from "../app/userText";
import {
  ModerationCreateShiftDocument,
  ModerationUpdateShiftDocument,
  type ModerationShiftFieldsFragment,
} from "../gql/graphql";
import { FilterSelect } from "./controls";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { explainShiftRefusal, periodMessage } from "./shiftMessages";
import { defaultPeriod, fromLocalInput, periodProblem, toLocalInput } from "./shifts";

export type Shift = ModerationShiftFieldsFragment;

export interface Moderator {
  id: string;
  displayName: string;
}

/** The refusals shown at their field; the others go in the form's alert. */
const FIELDS = ["startsAt", "endsAt"];
const NOBODY = "";

interface ShiftFormProps {
  jam: ModeratedJam;
  moderators: readonly Moderator[];
  /** The shift to change; null plans a new one. */
  shift: Shift | null;
  onSaved(message: string): void;
  onCancel?: () => void;
}

export function ShiftForm({ jam, moderators, shift, onSaved, onCancel }: ShiftFormProps) {
  const { t, i18n } = useLingui();
  const [initial] = useState(() => defaultPeriod(Date.now()));
  const [userId, setUserId] = useState(shift?.user.id ?? moderators[0]?.id ?? NOBODY);
  const [start, setStart] = useState(shift ? toLocalInput(shift.startsAt) : initial.start);
  const [end, setEnd] = useState(shift ? toLocalInput(shift.endsAt) : initial.end);
  const [scope, setScope] = useState(shift && !shift.allForums ? "some" : "all");
  const [forumIds, setForumIds] = useState<string[]>(shift?.forums.map((forum) => forum.id) ?? []);
  const [refusals, setRefusals] = useState<readonly UserErrorLike[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [{ fetching: creating }, createShift] = useMutation(ModerationCreateShiftDocument);
  const [{ fetching: updating }, updateShift] = useMutation(ModerationUpdateShiftDocument);
  const busy = creating || updating;
  const forums = [...jam.forums].sort((a, b) => a.position - b.position);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const idPrefix = shift ? `shift-${shift.id}` : "shift-new";
  const shiftUser = userText(shift?.user.displayName);

  async function save() {
    setRefusals([]);
    setProblems([]);
    const startsAt = fromLocalInput(start);
    const endsAt = fromLocalInput(end);
    const local = periodMessage(i18n, periodProblem(startsAt, endsAt));
    if (local !== null || startsAt === null || endsAt === null) {
      setProblems([local ?? t`Enter when the shift starts and ends.`]);
      return;
    }
    if (scope === "some" && forumIds.length === 0) {
      setProblems([t`Choose at least one forum, or all forums.`]);
      return;
    }
    const chosen = scope === "all" ? [] : forumIds;
    const explain = (refusal: UserErrorLike) => explainShiftRefusal(i18n, refusal);
    const result = shift
      ? await updateShift({ input: { shiftId: shift.id, startsAt, endsAt, forumIds: chosen } })
      : await createShift({ input: { jamId: jam.id, userId, startsAt, endsAt, forumIds: chosen } });
    const payload = result.data ? ("updateShift" in result.data ? result.data.updateShift : result.data.createShift) : null;
    if (!payload) {
      setProblems(problemsOf(i18n, result.error, payload));
      return;
    }
    if (payload.errors.length > 0 || !payload.shift) {
      setRefusals(payload.errors);
      const elsewhere = payload.errors.filter((refusal) => !refusal.field || !FIELDS.includes(refusal.field));
      setProblems(elsewhere.map((refusal) => explain(refusal) ?? userErrorMessage(i18n, refusal)));
      return;
    }
    const name = payload.shift.user.displayName;
    onSaved(shift ? t`The shift of ${name} is changed.` : t`A shift is planned for ${name}.`);
  }

  const validation: Record<string, string> = {};
  for (const refusal of refusals) {
    if (refusal.field && FIELDS.includes(refusal.field) && !(refusal.field in validation)) {
      validation[refusal.field] = explainShiftRefusal(i18n, refusal) ?? userErrorMessage(i18n, refusal);
    }
  }
  return (
    <Form
      validationErrors={validation}
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) void save();
      }}
      className="moderation-shift-form"
    >
      <FormAlert messages={problems} />
      {shift ? (
        <p className="moderation-shift-who">
          <Trans>On duty: {shiftUser}</Trans>
        </p>
      ) : moderators.length === 0 ? (
        <p className="empty">
          <Trans>This jam has no moderators to put on duty.</Trans>
        </p>
      ) : (
        <FilterSelect
          label={t`Moderator`}
          value={userId}
          choices={moderators.map((moderator) => ({ id: moderator.id, label: moderator.displayName }))}
          onChange={setUserId}
          className="moderation-field-select"
        />
      )}
      <p className="muted moderation-zone" id={`${idPrefix}-zone`}>
        <Trans>Times are in your time zone ({zone}). A shift is at most 24 hours long.</Trans>
      </p>
      <div className="moderation-period">
        <TextInput label={t`Starts`} name="startsAt" type="datetime-local" isRequired value={start} onChange={setStart} aria-describedby={`${idPrefix}-zone`} />
        <TextInput label={t`Ends`} name="endsAt" type="datetime-local" isRequired value={end} onChange={setEnd} aria-describedby={`${idPrefix}-zone`} />
      </div>
      <RadioGroup name="scope" className="field moderation-radios" value={scope} onChange={setScope}>
        <Label>{t`Forums`}</Label>
        <div className="row">
          <Radio value="all" className="moderation-radio">
            {t`All forums`}
          </Radio>
          <Radio value="some" className="moderation-radio">
            {t`Some forums`}
          </Radio>
        </div>
      </RadioGroup>
      {scope === "some" ? (
        <CheckboxGroup className="field moderation-forum-choice" value={forumIds} onChange={setForumIds}>
          <Label>{t`Forums this shift covers`}</Label>
          {forums.map((forum) => (
            <Checkbox key={forum.id} value={forum.id} className="moderation-checkbox">
              <span className="moderation-checkbox-box" aria-hidden="true" />
              {forum.title}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      <div className="row">
        <Button type="submit" className="button button-primary" isDisabled={busy || (!shift && moderators.length === 0)}>
          {busy ? t`Saving…` : shift ? t`Save changes` : t`Plan shift`}
        </Button>
        {onCancel ? (
          <Button className="button" onPress={onCancel}>
            {t`Cancel`}
          </Button>
        ) : null}
      </div>
    </Form>
  );
}
