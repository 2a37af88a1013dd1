/** What a moderator features on the idea page: "Pin" / "Unpin" (at the top of its forum) and
 * the editorial labels as toggle buttons. Each change is sent at once; what the server says
 * (done, or why not) is announced. */
import { useLingui } from "@lingui/react/macro";
import { useId, useState } from "react";
import { Button, ToggleButton, ToggleButtonGroup } from "react-aria-components";
import { useMutation } from "urql";

import { requestErrorMessage, userErrorMessage, type UserErrorLike } from "../../app/errors";
import { PinIdeaDocument, SetIdeaLabelsDocument, type EditorialLabel } from "../../gql/graphql";
import { useLabelNames } from "../forum/FeatureBadges";
import { isLabel, LABELS, sortLabels } from "../forum/labels";

interface FeatureControlsProps {
  ideaId: string;
  labels: readonly EditorialLabel[];
  pinned: boolean;
}

export function FeatureControls({ ideaId, labels, pinned }: FeatureControlsProps) {
  const { t, i18n } = useLingui();
  const labelId = useId();
  const names = useLabelNames();
  const [pinning, pinIdea] = useMutation(PinIdeaDocument);
  const [labelling, setIdeaLabels] = useMutation(SetIdeaLabelsDocument);
  const [status, setStatus] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const busy = pinning.fetching || labelling.fetching;

  function outcome(error: Parameters<typeof requestErrorMessage>[1] | undefined, errors: UserErrorLike[] | undefined, done: string) {
    if (error) {
      setFailure(requestErrorMessage(i18n, error));
      return;
    }
    const refused = errors?.[0];
    if (refused) {
      setFailure(userErrorMessage(i18n, refused));
      return;
    }
    setStatus(done);
  }

  async function togglePin() {
    setFailure(null);
    setStatus("");
    const result = await pinIdea({ input: { ideaId, pinned: !pinned } });
    outcome(result.error, result.data?.pinIdea.errors, pinned ? t`Unpinned.` : t`Pinned at the top of the forum.`);
  }

  async function changeLabels(next: EditorialLabel[]) {
    setFailure(null);
    setStatus("");
    const result = await setIdeaLabels({ input: { ideaId, labels: next } });
    outcome(result.error, result.data?.setIdeaLabels.errors, t`Labels saved.`);
  }

  return (
    <div className="idea-feature-controls" role="group" aria-label={t`Feature this idea (moderators)`}>
      <Button className="button" isDisabled={busy} onPress={() => void togglePin()}>
        {pinned ? t`Unpin` : t`Pin`}
      </Button>
      <span id={labelId} className="idea-feature-label">
        {t`Labels`}
      </span>
      <ToggleButtonGroup
        aria-labelledby={labelId}
        selectionMode="multiple"
        selectedKeys={labels}
        isDisabled={busy}
        className="idea-feature-labels"
        onSelectionChange={(keys) => {
          const chosen = [...keys].filter((key): key is EditorialLabel => typeof key === "string" && isLabel(key));
          void changeLabels(sortLabels(chosen));
        }}
      >
        {LABELS.map((label) => (
          <ToggleButton key={label} id={label} className="button">
            {names[label]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {failure ? (
        <p role="alert" className="banner banner-error idea-feature-error">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
