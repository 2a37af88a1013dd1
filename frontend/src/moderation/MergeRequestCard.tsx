/** One merge proposal: which idea goes into which, its status, the moderator's note and the
 * author's answer, the author's deadline (and whether it passed), and the actions it offers
 * now (see mergeActions). */
import { Trans, useLingui } from "@lingui/react/macro";
import { Button } from "react-aria-components";
import { Link } from "react-router";

import { formatDateTime, formatRelative } from "../app/format";
import { userText } from "../app/userText";
import type { ModerationMergeFieldsFragment, ModerationMergeIdeaFragment } from "../gql/graphql";
import { deadlinePassed, formatScore, mergeActions, statusLabel, type MergeAction } from "./merges";

export type Merge = ModerationMergeFieldsFragment;

interface MergeRequestCardProps {
  merge: Merge;
  slug: string;
  now: number;
  busy: boolean;
  onAction(action: MergeAction): void;
}

export function MergeRequestCard({ merge, slug, now, busy, onAction }: MergeRequestCardProps) {
  const { t, i18n } = useLingui();
  const source = merge.source?.title ?? t`An idea you cannot see`;
  const target = merge.target?.title ?? t`An idea you cannot see`;
  const headingId = `merge-${merge.id.replace(/[^\w-]/g, "-")}`;
  const proposer = userText(merge.proposedBy.displayName);
  const proposed = formatDateTime(i18n.locale, merge.createdAt);
  const alike = merge.score === null || merge.score === undefined ? null : formatScore(i18n.locale, merge.score);
  const labels: Record<MergeAction, string> = {
    withdraw: t`Withdraw`,
    mergeNow: t`Merge now`,
    drop: t`Drop`,
    undo: t`Undo merge`,
  };
  return (
    <article className="card moderation-merge" aria-labelledby={headingId}>
      <div className="row moderation-item-head">
        <span className={`badge moderation-status moderation-status-${merge.status.toLowerCase()}`}>{statusLabel(i18n, merge.status)}</span>
        {alike === null ? null : <span className="badge moderation-score">{t`${alike} alike`}</span>}
      </div>
      <h3 id={headingId} className="moderation-item-title">
        <Trans>
          <IdeaLink idea={merge.source} slug={slug} title={source} /> <span aria-hidden="true">→</span>
          <span className="visually-hidden">into</span> <IdeaLink idea={merge.target} slug={slug} title={target} />
        </Trans>
      </h3>
      <p className="muted moderation-item-meta">
        <Trans>
          Proposed by {proposer}, <time dateTime={merge.createdAt}>{proposed}</time>
        </Trans>
      </p>
      <dl className="moderation-facts">
        <div className="moderation-fact-wide">
          <dt>{t`Note for the author`}</dt>
          <dd>{merge.note || "—"}</dd>
        </div>
        {merge.answerNote ? (
          <div className="moderation-fact-wide">
            <dt>{t`The author's answer`}</dt>
            <dd>{merge.answerNote}</dd>
          </div>
        ) : null}
        <MergeTimes merge={merge} now={now} />
      </dl>
      <MergeActions merge={merge} now={now} busy={busy} labels={labels} context={source} onAction={onAction} />
    </article>
  );
}

function IdeaLink({ idea, slug, title }: { idea: ModerationMergeIdeaFragment | null | undefined; slug: string; title: string }) {
  if (!idea) return <span>{title}</span>;
  return <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>{title}</Link>;
}

function MergeTimes({ merge, now }: { merge: Merge; now: number }) {
  const { t, i18n } = useLingui();
  const deadline = formatDateTime(i18n.locale, merge.deadline);
  const passed = deadlinePassed(merge, now);
  return (
    <>
      {merge.status === "PENDING" ? (
        <div>
          <dt>{t`Author's deadline`}</dt>
          <dd>
            <time dateTime={merge.deadline}>{deadline}</time>
            {passed ? (
              <>
                {" "}
                <span className="badge moderation-deadline-passed">{t`Author's deadline passed`}</span>
              </>
            ) : (
              <span className="muted"> ({formatRelative(i18n.locale, merge.deadline, now)})</span>
            )}
          </dd>
        </div>
      ) : null}
      {merge.mergedAt ? (
        <div>
          <dt>{t`Merged`}</dt>
          <dd>
            <time dateTime={merge.mergedAt}>{formatDateTime(i18n.locale, merge.mergedAt)}</time>
          </dd>
        </div>
      ) : null}
      {merge.unmergedAt ? (
        <div>
          <dt>{t`Merge undone`}</dt>
          <dd>
            <time dateTime={merge.unmergedAt}>{formatDateTime(i18n.locale, merge.unmergedAt)}</time>
          </dd>
        </div>
      ) : null}
    </>
  );
}

interface MergeActionsProps {
  merge: Merge;
  now: number;
  busy: boolean;
  labels: Record<MergeAction, string>;
  /** Said after each button's label to screen readers (which proposal it acts on). */
  context: string;
  onAction(action: MergeAction): void;
}

function MergeActions({ merge, now, busy, labels, context, onAction }: MergeActionsProps) {
  const actions = mergeActions(merge, now);
  if (actions.length === 0) return null;
  return (
    <div className="row moderation-item-actions">
      {actions.map((action) => (
        <Button
          key={action}
          className={action === "mergeNow" ? "button button-primary" : "button"}
          isDisabled={busy}
          onPress={() => onAction(action)}
        >
          {labels[action]}
          <span className="visually-hidden">: {context}</span>
        </Button>
      ))}
    </div>
  );
}
