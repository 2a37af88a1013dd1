/** What the idea page shows about the idea itself: where it is (breadcrumbs), who posted it
 * when, its text (plain text, never markup) and tags, and why it is read-only. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Breadcrumb, Breadcrumbs, Link } from "react-aria-components";

import { formatDateTime, formatRelative } from "../../app/format";
import { userText } from "../../app/userText";
import { paragraphs } from "./comments";
import type { IdeaData } from "./IdeaPage";

export function jamPath(slug: string): string {
  return `/jams/${encodeURIComponent(slug)}`;
}

export function forumPath(slug: string, forumId: string, tag?: string): string {
  const path = `${jamPath(slug)}/forums/${encodeURIComponent(forumId)}`;
  return tag === undefined ? path : `${path}?tag=${encodeURIComponent(tag)}`;
}

export function IdeaBreadcrumbs({ idea }: { idea: IdeaData }) {
  const { t } = useLingui();
  return (
    <nav aria-label={t`Breadcrumbs`} className="idea-breadcrumbs">
      <Breadcrumbs aria-label={t`Breadcrumbs`}>
        <Breadcrumb>
          <Link href={jamPath(idea.jam.slug)}>{idea.jam.title}</Link>
        </Breadcrumb>
        <Breadcrumb>
          <Link href={forumPath(idea.jam.slug, idea.forum.id)}>{idea.forum.title}</Link>
        </Breadcrumb>
        <Breadcrumb>
          <Link>{idea.title}</Link>
        </Breadcrumb>
      </Breadcrumbs>
    </nav>
  );
}

/** A moment as "3 hours ago", with the full date and time on hover and in `dateTime`. */
export function Moment({ iso }: { iso: string }) {
  const { i18n } = useLingui();
  return (
    <time dateTime={iso} title={formatDateTime(i18n.locale, iso)}>
      {formatRelative(i18n.locale, iso)}
    </time>
  );
}

/** Edited: changed more than a minute after it was posted (not the save that posted it). */
function wasEdited(idea: Pick<IdeaData, "createdAt" | "updatedAt">): boolean {
  return new Date(idea.updatedAt).getTime() - new Date(idea.createdAt).getTime() > 60_000;
}

export function IdeaMeta({ idea }: { idea: IdeaData }) {
  const name = userText(idea.author.displayName);
  return (
    <p className="idea-meta muted">
      <Trans>
        By <span className="idea-author">{name}</span>, posted <Moment iso={idea.createdAt} />
      </Trans>
      {wasEdited(idea) ? (
        <>
          {" · "}
          <Trans>
            edited <Moment iso={idea.updatedAt} />
          </Trans>
        </>
      ) : null}
    </p>
  );
}

/** Plain text as paragraphs (React text only: hostile markup stays inert). */
export function PlainText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className}>
      {paragraphs(text).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}

export function IdeaBody({ text }: { text: string }) {
  return <PlainText text={text} className="idea-body" />;
}

export function IdeaTags({ idea }: { idea: IdeaData }) {
  const { t } = useLingui();
  if (idea.tags.length === 0) return null;
  return (
    <ul className="idea-tags" aria-label={t`Tags`}>
      {idea.tags.map((tag) => (
        <li key={tag}>
          <Link className="tag" href={forumPath(idea.jam.slug, idea.forum.id, tag)} aria-label={t`Ideas tagged ${tag}`}>
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ReadOnlyNotice({ jam }: { jam: IdeaData["jam"] }) {
  const { i18n } = useLingui();
  if (jam.phase === "SCHEDULED") {
    const opens = formatDateTime(i18n.locale, jam.startsAt);
    return (
      <p className="banner banner-info" id="idea-read-only">
        <Trans>This jam has not started: voting and comments open on {opens}.</Trans>
      </p>
    );
  }
  const closed = formatDateTime(i18n.locale, jam.endsAt);
  return (
    <p className="banner banner-info" id="idea-read-only">
      <Trans>This jam closed on {closed}: ideas can be read, but no longer voted on, commented or edited.</Trans>
    </p>
  );
}
