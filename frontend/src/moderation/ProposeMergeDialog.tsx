/** Propose merging two ideas that read alike: which one is kept (the suggestion's way, or the
 * other way round), a note for the author whose idea goes away (optional), then
 * `proposeMerge`. The API's refusals are shown in the dialog. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button, Dialog, Form, Heading, Label, Radio, RadioGroup } from "react-aria-components";

import { TextInput, FormAlert } from "../app/fields";
import { userText } from "../app/userText";
import type { ModerationMergeSuggestionsQuery } from "../gql/graphql";
import { formatScore, MERGE_NOTE_MAX, swapDirection, type MergeDirection } from "./merges";
import { ModerationModal } from "./ModerationModal";

export type Suggestion = NonNullable<ModerationMergeSuggestionsQuery["jam"]>["mergeSuggestions"][number];
export type SuggestedIdea = Suggestion["source"];

interface ProposeMergeDialogProps {
  suggestion: Suggestion | null;
  busy: boolean;
  problems: string[];
  onCancel(): void;
  onConfirm(direction: MergeDirection<SuggestedIdea>, note: string): void;
}

export function ProposeMergeDialog({ suggestion, onCancel, ...rest }: ProposeMergeDialogProps) {
  return (
    <ModerationModal isOpen={suggestion !== null} onCancel={onCancel}>
      {suggestion ? (
        <ProposeMergeForm key={`${suggestion.source.id}+${suggestion.target.id}`} suggestion={suggestion} onCancel={onCancel} {...rest} />
      ) : null}
    </ModerationModal>
  );
}

type Way = "suggested" | "swapped";

function ProposeMergeForm({ suggestion, busy, problems, onCancel, onConfirm }: ProposeMergeDialogProps & { suggestion: Suggestion }) {
  const { t, i18n } = useLingui();
  const [way, setWay] = useState<Way>("suggested");
  const [note, setNote] = useState("");
  const suggested: MergeDirection<SuggestedIdea> = { source: suggestion.source, target: suggestion.target };
  const direction = way === "swapped" ? swapDirection(suggested) : suggested;
  const a = suggestion.source.title;
  const b = suggestion.target.title;
  const gone = userText(direction.source.title);
  const kept = userText(direction.target.title);
  const author = userText(direction.source.author.displayName);
  const alike = formatScore(i18n.locale, suggestion.score);
  return (
    <Dialog className="moderation-dialog">
      <Heading slot="title" className="moderation-dialog-title">
        {t`Propose a merge`}
      </Heading>
      <p className="muted">{t`These ideas are ${alike} alike.`}</p>
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onConfirm(direction, note);
        }}
      >
        <FormAlert messages={problems} />
        <RadioGroup name="direction" className="field moderation-radios" value={way} onChange={(value) => setWay(value as Way)}>
          <Label>{t`Which idea is kept?`}</Label>
          <Radio value="suggested" className="moderation-radio" autoFocus>
            {t`Merge “${a}” into “${b}”`}
          </Radio>
          <Radio value="swapped" className="moderation-radio">
            {t`Merge “${b}” into “${a}”`}
          </Radio>
        </RadioGroup>
        <p className="moderation-merge-explain">
          <Trans>
            “{gone}” goes away: its votes and comments move to “{kept}”. {author} is asked first and has 24 hours to answer.
          </Trans>
        </p>
        <TextInput
          label={t`Note for the author (optional)`}
          name="note"
          multiline
          rows={3}
          value={note}
          onChange={setNote}
          maxLength={MERGE_NOTE_MAX}
          counter
        />
        <div className="row moderation-dialog-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy}>
            {busy ? t`Saving…` : t`Propose merge`}
          </Button>
          <Button className="button" onPress={onCancel}>
            {t`Cancel`}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
