/** One idea in the forum's list: what it says (an excerpt), who posted it when, how it is
 * doing (score, votes, comments), its tags as filters. User text is rendered as text only. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { Link } from "react-router";

import { formatDateTime, formatNumber, formatRelative } from "../../app/format";
import { userText } from "../../app/userText";
import type { ForumIdeaCardFragment } from "../../gql/graphql";
import { FeatureBadges } from "./FeatureBadges";
import { forumViewSearch, type ForumView } from "./urlState";

export type ForumIdea = ForumIdeaCardFragment;

const EXCERPT_LENGTH = 280;

/** The start of a body on one line, cut at a word near `length`. */
export function excerpt(body: string, length: number = EXCERPT_LENGTH): string {
  const flat = body.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

interface IdeaCardProps {
  idea: ForumIdea;
  slug: string;
  view: ForumView;
  /** Keeps element ids unique when the idea is shown twice (pinned, and in the list). */
  idPrefix?: string;
}

export function IdeaCard({ idea, slug, view, idPrefix = "forum-idea" }: IdeaCardProps) {
  const { i18n } = useLingui();
  const locale = i18n.locale;
  const score = formatNumber(locale, idea.score);
  const up = formatNumber(locale, idea.upvotes);
  const down = formatNumber(locale, idea.downvotes);
  const author = userText(idea.author.displayName);
  const when = formatRelative(locale, idea.createdAt);
  const titleId = `${idPrefix}-${idea.id}`;
  return (
    <article className="card forum-idea" aria-labelledby={titleId} data-idea-id={idea.id}>
      <div className="forum-idea-head">
        <h3 className="forum-idea-title" id={titleId}>
          <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>{idea.title}</Link>
        </h3>
        {idea.hidden ? (
          <span className="badge forum-badge-hidden">
            <Trans>Hidden</Trans>
          </span>
        ) : null}
        <FeatureBadges labels={idea.labels} pinned={idea.pinnedAt != null} />
      </div>
      {idea.body.trim() ? <p className="forum-idea-excerpt">{excerpt(idea.body)}</p> : null}
      <p className="forum-idea-meta muted">
        <Trans>
          By <span className="forum-idea-author">{author}</span>,{" "}
          <time dateTime={idea.createdAt} title={formatDateTime(locale, idea.createdAt)}>
            {when}
          </time>
        </Trans>
      </p>
      <div className="forum-idea-footer">
        <p className="forum-idea-stats">
          <span className="forum-idea-score">
            <Trans>Score {score}</Trans>
          </span>{" "}
          <span className="muted">
            <Trans>
              ({up} up, {down} down)
            </Trans>
          </span>{" "}
          <span className="forum-idea-comments">
            <Plural value={idea.commentCount} _0="No comments" one="# comment" other="# comments" />
          </span>
        </p>
        {idea.tags.length > 0 ? <IdeaTags tags={idea.tags} view={view} /> : null}
      </div>
    </article>
  );
}

/** Tags as links to this forum filtered by the tag (our own route, the tag URL-encoded). */
function IdeaTags({ tags, view }: { tags: readonly string[]; view: ForumView }) {
  const { t } = useLingui();
  return (
    <ul className="forum-idea-tags" aria-label={t`Tags`}>
      {tags.map((tag) => (
        <li key={tag}>
          <Link
            className="tag"
            to={{ search: forumViewSearch({ ...view, tag }) }}
            aria-current={view.tag === tag ? "true" : undefined}
            aria-label={t`Show ideas tagged ${tag}`}
          >
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
