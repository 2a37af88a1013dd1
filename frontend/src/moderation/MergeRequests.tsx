/** The jam's merge proposals, newest first, filtered by status, each with its actions:
 * withdraw, merge now or drop (after the author's deadline), undo (confirmed). Other
 * moderators' proposals and the authors' answers arrive live. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../app/connection";
import { FormAlert, Loading } from "../app/fields";
import {
  ModerationDecideMergeDocument,
  ModerationMergesDocument,
  ModerationUnmergeDocument,
  type MergeStatus,
} from "../gql/graphql";
import { ConfirmDialog } from "./ConfirmDialog";
import { ALL, FilterSelect, RequestProblem } from "./controls";
import { explainMergeRefusal } from "./mergeMessages";
import { MergeRequestCard, type Merge } from "./MergeRequestCard";
import { MERGE_STATUSES, statusLabel, type MergeAction } from "./merges";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { useModerationActivity } from "./useModerationActivity";
import { useNow } from "./useNow";
import { useReloadSoon } from "./useReloadSoon";

interface MergeRequestsProps {
  jam: ModeratedJam;
  /** Bumped when a proposal was made here: the list is fetched again. */
  version: number;
  onStatus(message: string): void;
}

export function MergeRequests({ jam, version, onStatus }: MergeRequestsProps) {
  const { t, i18n } = useLingui();
  const [status, setStatus] = useState(ALL);
  const [{ data, error }, reexecute] = useQuery({
    query: ModerationMergesDocument,
    variables: { slug: jam.slug, status: status === ALL ? null : (status as MergeStatus) },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const reloadSoon = useReloadSoon(reload);
  useModerationActivity(jam.id, (event) => {
    if (event.__typename === "MergeChanged") reloadSoon();
  });
  useEffect(() => onReconnected(reload), [reload]);
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const now = useNow();

  const [problems, setProblems] = useState<string[]>([]);
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const [undoProblems, setUndoProblems] = useState<string[]>([]);
  const [{ fetching: deciding }, decideMerge] = useMutation(ModerationDecideMergeDocument);
  const [{ fetching: unmerging }, unmerge] = useMutation(ModerationUnmergeDocument);

  async function decide(merge: Merge, mergeNow: boolean) {
    setProblems([]);
    const result = await decideMerge({ input: { mergeId: merge.id, merge: mergeNow } });
    const payload = result.data?.decideMerge;
    const found = problemsOf(i18n, result.error, payload, (refusal) =>
      explainMergeRefusal(i18n, refusal, "decide", merge.deadline),
    );
    if (found.length > 0) {
      setProblems(found);
      reload();
      return;
    }
    const source = merge.source?.title ?? t`the idea`;
    const target = merge.target?.title ?? t`the other idea`;
    if (!mergeNow) onStatus(t`The merge of “${source}” is withdrawn.`);
    else onStatus(t`“${source}” is merged into “${target}”.`);
    reload();
  }

  async function confirmUndo() {
    if (!undoing) return;
    const result = await unmerge({ input: { mergeId: undoing.id } });
    const payload = result.data?.unmerge;
    const found = problemsOf(i18n, result.error, payload, (refusal) =>
      explainMergeRefusal(i18n, refusal, "undo"),
    );
    if (found.length > 0) {
      setUndoProblems(found);
      return;
    }
    const source = undoing.source?.title ?? t`the idea`;
    setUndoing(null);
    onStatus(t`The merge is undone: “${source}” is back, with its votes and comments.`);
    reload();
  }

  function act(merge: Merge, action: MergeAction) {
    if (action === "undo") {
      setUndoProblems([]);
      setUndoing(merge);
    } else {
      void decide(merge, action === "mergeNow");
    }
  }

  const merges = data?.jam?.merges;
  const choices = [{ id: ALL, label: t`All statuses` }, ...MERGE_STATUSES.map((id) => ({ id, label: statusLabel(i18n, id) }))];
  return (
    <section aria-labelledby="moderation-requests-heading" className="moderation-merge-part">
      <h3 id="moderation-requests-heading" className="moderation-subheading">
        {merges === undefined ? (
          <Trans>Merge requests</Trans>
        ) : (
          <Plural value={merges.length} _0="No merge requests" one="# merge request" other="# merge requests" />
        )}
      </h3>
      <div className="row moderation-filters">
        <FilterSelect label={t`Status`} value={status} choices={choices} onChange={setStatus} />
      </div>
      <FormAlert messages={problems} />
      {isForbidden(error) ? (
        <p role="alert" className="banner banner-info">
          <Trans>Only this jam's moderators can see this.</Trans>
        </p>
      ) : error && merges === undefined ? (
        <RequestProblem error={error} onRetry={reload} />
      ) : merges === undefined ? (
        <Loading />
      ) : merges.length === 0 ? (
        <p className="empty">
          {status === ALL ? <Trans>No merges have been proposed yet.</Trans> : <Trans>No merge requests with this status.</Trans>}
        </p>
      ) : (
        <ol className="moderation-list">
          {merges.map((merge) => (
            <li key={merge.id}>
              <MergeRequestCard merge={merge} slug={jam.slug} now={now} busy={deciding} onAction={(action) => act(merge, action)} />
            </li>
          ))}
        </ol>
      )}
      <ConfirmDialog
        isOpen={undoing !== null}
        title={t`Undo this merge?`}
        action={t`Undo merge`}
        busy={unmerging}
        errors={undoProblems}
        onCancel={() => setUndoing(null)}
        onConfirm={() => void confirmUndo()}
      >
        <p>{t`This restores both ideas exactly as they were before the merge: votes, comments and counts.`}</p>
      </ConfirmDialog>
    </section>
  );
}
