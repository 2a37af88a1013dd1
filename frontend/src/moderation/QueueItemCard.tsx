/** One flagged item in the queue: what it is and where, its flags (count, reasons, notes,
 * when), whether it is hidden and why, and its checkbox and decision buttons. The card itself
 * is focusable (j/k move between cards). */
import { ph } from "@lingui/core/macro";
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { forwardRef } from "react";
import { Button, Checkbox } from "react-aria-components";
import { Link } from "react-router";

import { formatDateTime } from "../app/format";
import { userText } from "../app/userText";
import type { ModerationDecision, ModerationQueueQuery } from "../gql/graphql";
import { kindLabel, reasonLabel } from "./options";

export type QueueItem = NonNullable<ModerationQueueQuery["jam"]>["moderationQueue"]["items"][number];

interface QueueItemCardProps {
  item: QueueItem;
  slug: string;
  selected: boolean;
  /** In the tab order (the roving item). */
  current: boolean;
  onFocus(): void;
  onSelect(): void;
  onDecide(decision: ModerationDecision): void;
}

export function isHidden(item: QueueItem): boolean {
  return item.comment ? item.comment.hidden : item.idea.hidden;
}

export const QueueItemCard = forwardRef<HTMLElement, QueueItemCardProps>(function QueueItemCard(
  { item, slug, selected, current, onFocus, onSelect, onDecide },
  ref,
) {
  const { t, i18n } = useLingui();
  const title = userText(item.idea.title);
  const headingId = `queue-item-${item.id.replace(/[^\w-]/g, "-")}`;
  const hidden = isHidden(item);
  const count = item.flagCount;
  return (
    <article
      ref={ref}
      tabIndex={current ? 0 : -1}
      className={selected ? "card moderation-item moderation-item-selected" : "card moderation-item"}
      aria-labelledby={headingId}
      onFocus={onFocus}
    >
      <div className="row moderation-item-head">
        <Checkbox isSelected={selected} onChange={onSelect} className="moderation-checkbox" aria-label={t`Select: ${ph({ title: item.idea.title })}`}>
          <span className="moderation-checkbox-box" aria-hidden="true" />
        </Checkbox>
        <span className="tag">{kindLabel(i18n, item.kind)}</span>
        <span className="badge moderation-flags">
          <Plural value={count} one="# flag" other="# flags" />
        </span>
        {hidden ? <HiddenBadge item={item} /> : null}
      </div>
      <h3 id={headingId} className="moderation-item-title">
        {item.comment ? (
          <Trans>
            Comment on <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(item.idea.id)}`}>{title}</Link>
          </Trans>
        ) : (
          <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(item.idea.id)}`}>{title}</Link>
        )}
      </h3>
      <p className="muted moderation-item-meta">
        <Author item={item} /> · {item.idea.forum.title}
      </p>
      {item.comment ? <blockquote className="moderation-comment">{item.comment.body}</blockquote> : null}
      <FlagDetails item={item} />
      <div className="row moderation-item-actions">
        <Button className="button" onPress={() => onDecide("KEEP")}>
          <Trans>
            Keep<span className="visually-hidden">: {title}</span>
          </Trans>
        </Button>
        {hidden ? (
          <Button className="button" onPress={() => onDecide("RESTORE")}>
            <Trans>
              Restore<span className="visually-hidden">: {title}</span>
            </Trans>
          </Button>
        ) : (
          <Button className="button" onPress={() => onDecide("HIDE")}>
            <Trans>
              Hide<span className="visually-hidden">: {title}</span>
            </Trans>
          </Button>
        )}
      </div>
    </article>
  );
});

function Author({ item }: { item: QueueItem }) {
  const name = userText((item.comment ?? item.idea).author.displayName);
  return <Trans>by {name}</Trans>;
}

function HiddenBadge({ item }: { item: QueueItem }) {
  const note = (item.comment ?? item.idea).hiddenNote;
  const reason = userText(note?.reason);
  if (note?.automatic) {
    return (
      <span className="badge moderation-hidden">
        <Trans>Hidden by flags</Trans>
      </span>
    );
  }
  return (
    <span className="badge moderation-hidden">
      {note?.reason ? <Trans>Hidden by a moderator: {reason}</Trans> : <Trans>Hidden by a moderator</Trans>}
    </span>
  );
}

function FlagDetails({ item }: { item: QueueItem }) {
  const { t, i18n } = useLingui();
  const first = formatDateTime(i18n.locale, item.firstFlaggedAt);
  const last = formatDateTime(i18n.locale, item.lastFlaggedAt);
  return (
    <div className="moderation-flag-details">
      <ul className="moderation-reasons" aria-label={t`Flag reasons`}>
        {item.reasons.map((entry) => {
          const label = reasonLabel(i18n, entry.reason);
          const reasonCount = entry.count;
          return (
            <li key={entry.reason} className="tag">
              {label}: {reasonCount}
            </li>
          );
        })}
      </ul>
      {item.notes.length > 0 ? (
        <ul className="moderation-notes">
          {item.notes.map((note, index) => (
            <li key={index}>“{note}”</li>
          ))}
        </ul>
      ) : null}
      <p className="muted moderation-item-times">
        {first === last ? (
          <Trans>Flagged {first}</Trans>
        ) : (
          <Trans>
            First flagged {first}, last {last}
          </Trans>
        )}
      </p>
    </div>
  );
}
