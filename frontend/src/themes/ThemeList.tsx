/** The themes as cards, largest first: name, size, key words and the ideas that say it best.
 * Each card carries the theme's number and colour on the map. */
import { Plural, Trans } from "@lingui/react/macro";
import { Link } from "react-router";

import type { ThemesOverviewQuery } from "../gql/graphql";
import { themeColor } from "./palette";

type Theme = NonNullable<NonNullable<ThemesOverviewQuery["jam"]>["themes"]>["themes"][number];

/** Ideas shown per theme (the server sends up to five). */
const REPRESENTATIVE = 3;
const KEYWORDS = 6;

export function ThemeList({ slug, themes }: { slug: string; themes: Theme[] }) {
  return (
    <ol className="themes-list">
      {themes.map((theme, index) => (
        <li key={theme.id} className="card themes-card">
          <ThemeCard slug={slug} theme={theme} number={index + 1} />
        </li>
      ))}
    </ol>
  );
}

function ThemeCard({ slug, theme, number }: { slug: string; theme: Theme; number: number }) {
  const headingId = `themes-card-${theme.id}`;
  const ideas = theme.representativeIdeas.slice(0, REPRESENTATIVE);
  return (
    <article aria-labelledby={headingId}>
      <div className="themes-card-head">
        <span className="themes-card-number" aria-hidden="true">
          <span className="themes-swatch" style={{ background: themeColor(number - 1) }} />
          {number}
        </span>
        <h3 id={headingId} className="themes-card-title">
          {theme.label}
        </h3>
        <span className="badge themes-card-size">
          <Plural value={theme.size} one="# idea" other="# ideas" />
        </span>
      </div>
      {theme.keywords.length > 0 ? (
        <div className="themes-keywords">
          <span className="visually-hidden">
            <Trans>Key words:</Trans>
          </span>
          <ul className="row themes-keyword-list">
            {theme.keywords.slice(0, KEYWORDS).map((keyword) => (
              <li key={keyword.term} className="tag">
                {keyword.term}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {ideas.length > 0 ? (
        <>
          <p className="themes-card-subhead muted">
            <Trans>Ideas that say it best:</Trans>
          </p>
          <ul className="themes-card-ideas">
            {ideas.map((idea) => (
              <li key={idea.id}>
                <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>{idea.title}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
