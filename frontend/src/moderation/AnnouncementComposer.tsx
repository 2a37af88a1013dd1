/** Write an announcement: its text (≤ 500 characters), its level (Info or Important) and
 * where it shows (the whole jam or one forum), with a preview of the banner. An important
 * one is confirmed before it goes out. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Form, Label, Radio, RadioGroup } from "react-aria-components";
import { useMutation } from "urql";

import { fieldErrors, formErrors, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { userText } from "../app/userText";
import { ModerationPostAnnouncementDocument, type AnnouncementLevel } from "../gql/graphql";
import { ANNOUNCEMENT_MAX, announcementProblem, forumIdOf, needsConfirmation, WHOLE_JAM } from "./announcements";
import { AnnouncementPreview } from "./AnnouncementPreview";
import { ConfirmDialog } from "./ConfirmDialog";
import { FilterSelect } from "./controls";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";

/** The refusals shown at their field; the others go in the form's alert. */
const FIELDS = ["body"];

export function AnnouncementComposer({ jam, onPosted }: { jam: ModeratedJam; onPosted(message: string): void }) {
  const { t, i18n } = useLingui();
  const [body, setBody] = useState("");
  const [level, setLevel] = useState<AnnouncementLevel>("INFO");
  const [scope, setScope] = useState(WHOLE_JAM);
  const [confirming, setConfirming] = useState(false);
  const [refusals, setRefusals] = useState<readonly UserErrorLike[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [{ fetching: posting }, postAnnouncement] = useMutation(ModerationPostAnnouncementDocument);

  const forums = [...jam.forums].sort((a, b) => a.position - b.position);
  const forum = forums.find((candidate) => candidate.id === scope) ?? null;
  const forumTitle = forum ? forum.title : null;

  async function post() {
    setRefusals([]);
    setProblems([]);
    const result = await postAnnouncement({ input: { jamId: jam.id, body: body.trim(), level, forumId: forumIdOf(scope) } });
    const payload = result.data?.postAnnouncement;
    if (!payload || payload.errors.length > 0 || !payload.announcement) {
      setRefusals(payload?.errors ?? []);
      setProblems(payload ? formErrors(i18n, payload.errors, FIELDS) : problemsOf(i18n, result.error, payload));
      setConfirming(false);
      return;
    }
    setConfirming(false);
    setBody("");
    setLevel("INFO");
    onPosted(forumTitle === null ? t`Announcement posted to the whole jam.` : t`Announcement posted to the forum “${forumTitle}”.`);
  }

  const forumChoice = (id: string, name: string) => ({ id, label: t`Forum: ${name}` });
  const scopeChoices = [{ id: WHOLE_JAM, label: t`The whole jam` }, ...forums.map((item) => forumChoice(item.id, item.title))];
  return (
    <section aria-labelledby="moderation-compose-heading" className="card moderation-composer">
      <h3 id="moderation-compose-heading" className="moderation-subheading">
        <Trans>New announcement</Trans>
      </h3>
      <Form
        validationErrors={fieldErrors(i18n, refusals, FIELDS)}
        onSubmit={(event) => {
          event.preventDefault();
          if (posting || announcementProblem(body) !== null) return;
          if (needsConfirmation(level)) setConfirming(true);
          else void post();
        }}
      >
        <FormAlert messages={problems} />
        <TextInput
          label={t`Message`}
          name="body"
          multiline
          rows={3}
          isRequired
          value={body}
          onChange={setBody}
          maxLength={ANNOUNCEMENT_MAX}
          counter
          description={t`Plain text. Everyone it is shown to sees it at once.`}
          validate={(value) => (announcementProblem(value) === "missing" ? t`Write the announcement first.` : null)}
        />
        <div className="moderation-compose-options">
          <RadioGroup
            name="level"
            className="field moderation-radios"
            value={level}
            onChange={(value) => setLevel(value as AnnouncementLevel)}
            orientation="horizontal"
          >
            <Label>{t`Level`}</Label>
            <div className="row">
              <Radio value="INFO" className="moderation-radio">
                {t`Info`}
              </Radio>
              <Radio value="IMPORTANT" className="moderation-radio">
                {t`Important`}
              </Radio>
            </div>
          </RadioGroup>
          <FilterSelect label={t`Shown in`} value={scope} choices={scopeChoices} onChange={setScope} className="moderation-field-select" />
        </div>
        <AnnouncementPreview body={body} level={level} forumTitle={forumTitle} />
        <div className="row">
          <Button type="submit" className="button button-primary" isDisabled={posting}>
            {posting ? t`Posting…` : t`Post`}
          </Button>
        </div>
      </Form>
      <ConfirmDialog
        isOpen={confirming}
        title={t`Post an important announcement?`}
        action={t`Post`}
        busy={posting}
        errors={[]}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void post()}
      >
        <p>
          <StandsOut forum={forumTitle} />
        </p>
        <blockquote className="moderation-comment">{body.trim()}</blockquote>
      </ConfirmDialog>
    </section>
  );
}

/** Where an important announcement will stand out: the whole jam, or the forum (its title). */
function StandsOut({ forum }: { forum: string | null }) {
  const forumTitle = userText(forum);
  return forum === null ? (
    <Trans>It stands out at the top of every page of the jam, for everyone, at once.</Trans>
  ) : (
    <Trans>It stands out at the top of the pages of the forum “{forumTitle}”, for everyone, at once.</Trans>
  );
}
