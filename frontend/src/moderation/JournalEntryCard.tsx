/** One line of a shift's journal: what kind, its text, who wrote it when, the idea or comment
 * it is about (a link), and for an open item "Close". */
import { Trans, useLingui } from "@lingui/react/macro";
import { Button } from "react-aria-components";
import { Link } from "react-router";

import { formatDateTime } from "../app/format";
import { userText } from "../app/userText";
import type { ModerationJournalEntryFieldsFragment } from "../gql/graphql";
import { journalKindLabel } from "./shiftMessages";

export type JournalEntry = ModerationJournalEntryFieldsFragment;

const EXCERPT = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

interface JournalEntryCardProps {
  entry: JournalEntry;
  slug: string;
  busy: boolean;
  onClose(): void;
}

export function JournalEntryCard({ entry, slug, busy, onClose }: JournalEntryCardProps) {
  const { t, i18n } = useLingui();
  const author = userText(entry.author.displayName);
  const written = formatDateTime(i18n.locale, entry.createdAt);
  const kind = journalKindLabel(i18n, entry.kind);
  const excerpted = excerpt(entry.body);
  const summary = userText(excerpted);
  return (
    <article className={`card moderation-journal-entry${entry.open ? " moderation-journal-open" : ""}`} aria-label={`${kind}: ${excerpted}`}>
      <div className="row moderation-item-head">
        <span className="tag">{kind}</span>
        {entry.kind === "NOTE" ? null : entry.open ? (
          <span className="badge moderation-status-pending">{t`Still open`}</span>
        ) : (
          <span className="badge moderation-status">{t`Closed`}</span>
        )}
      </div>
      <p className="moderation-journal-body">{entry.body}</p>
      <EntryLink entry={entry} slug={slug} />
      <p className="muted moderation-item-meta">
        <Trans>
          {author}, {written}
        </Trans>
        {entry.closedAt ? <Closed entry={entry} /> : null}
      </p>
      {entry.open ? (
        <Button className="button" onPress={onClose} isDisabled={busy}>
          <Trans>
            Close<span className="visually-hidden">: {summary}</span>
          </Trans>
        </Button>
      ) : null}
    </article>
  );
}

function Closed({ entry }: { entry: JournalEntry }) {
  const { i18n } = useLingui();
  const when = formatDateTime(i18n.locale, entry.closedAt ?? entry.createdAt);
  const closer = entry.closedBy?.displayName;
  const who = userText(closer);
  return (
    <>
      {" · "}
      {closer ? <Trans>closed by {who}, {when}</Trans> : <Trans>closed {when}</Trans>}
    </>
  );
}

function EntryLink({ entry, slug }: { entry: JournalEntry; slug: string }) {
  const idea = entry.idea;
  if (!idea) return null;
  const base = `/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`;
  const title = userText(idea.title);
  if (entry.comment) {
    const text = excerpt(entry.comment.body);
    return (
      <p className="moderation-journal-link">
        <Link to={`${base}#comment-${encodeURIComponent(entry.comment.id)}`}>
          <Trans>A comment on “{title}”</Trans>
        </Link>
        {text ? <span className="muted"> — {text}</span> : null}
      </p>
    );
  }
  return (
    <p className="moderation-journal-link">
      <Link to={base}>
        <Trans>Idea: {title}</Trans>
      </Link>
    </p>
  );
}
