/** The map as text, for screen-reader users and anyone who prefers a list: every theme with
 * its ideas (newest first, a page at a time, as links), then the ideas in no theme. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button } from "react-aria-components";
import { Link } from "react-router";
import { useClient, useQuery } from "urql";

import { requestErrorMessage } from "../app/errors";
import { Loading } from "../app/fields";
import { ThemeIdeasPageDocument, type ThemeIdeasPageQuery, type ThemesOverviewQuery } from "../gql/graphql";

/** Ideas per theme and page: 8 keeps the request under the server's heavy-query threshold
 * (2,000) with 50 themes. */
const PAGE = 8;

type Theme = NonNullable<NonNullable<ThemesOverviewQuery["jam"]>["themes"]>["themes"][number];
type Snapshot = NonNullable<NonNullable<ThemeIdeasPageQuery["jam"]>["themes"]>;
type Connection = Snapshot["unthemedIdeas"];
interface IdeaLink {
  id: string;
  title: string;
}

export function ThemeIdeaList({ slug, snapshotId, themes }: { slug: string; snapshotId: string; themes: Theme[] }) {
  const { t, i18n } = useLingui();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ThemeIdeasPageDocument,
    variables: { slug, first: PAGE, after: null },
  });
  const snapshot = data?.jam?.themes;
  if (fetching && !snapshot) return <Loading />;
  if (error && !snapshot) {
    return (
      <div role="alert" className="banner banner-error">
        <p>{requestErrorMessage(i18n, error)}</p>
        <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
          <Trans>Retry</Trans>
        </Button>
      </div>
    );
  }
  if (!snapshot) return null;
  const pages = new Map(snapshot.themes.map((theme) => [theme.id, theme.ideas]));
  return (
    <div className="themes-idea-list">
      {themes.map((theme, index) => {
        const first = pages.get(theme.id);
        return first ? (
          <IdeaGroup
            key={`${snapshotId}-${theme.id}`}
            slug={slug}
            heading={`${index + 1}. ${theme.label}`}
            first={first}
            pick={(next) => next.themes.find((other) => other.id === theme.id)?.ideas}
          />
        ) : null;
      })}
      {snapshot.unthemedIdeas.totalCount > 0 ? (
        <IdeaGroup
          key={`${snapshotId}-none`}
          slug={slug}
          heading={t`No theme`}
          first={snapshot.unthemedIdeas}
          pick={(next) => next.unthemedIdeas}
        />
      ) : null}
    </div>
  );
}

interface IdeaGroupProps {
  slug: string;
  heading: string;
  first: Connection;
  /** This group's connection in a later page's answer. */
  pick(snapshot: Snapshot): Connection | undefined;
}

/** One theme's ideas; "Show more" asks the next page (every theme's, after this one's last
 * idea: the server has no query for one theme) and keeps this theme's part. */
function IdeaGroup({ slug, heading, first, pick }: IdeaGroupProps) {
  const { t, i18n } = useLingui();
  const client = useClient();
  const [more, setMore] = useState<IdeaLink[]>([]);
  const [cursor, setCursor] = useState<{ hasNextPage: boolean; endCursor?: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const page = cursor ?? first.pageInfo;
  const ideas: IdeaLink[] = [...first.nodes, ...more];

  async function showMore() {
    setBusy(true);
    setFailure(null);
    const result = await client
      .query(ThemeIdeasPageDocument, { slug, first: PAGE, after: page.endCursor ?? null })
      .toPromise();
    setBusy(false);
    const snapshot = result.data?.jam?.themes;
    const next = snapshot ? pick(snapshot) : undefined;
    if (result.error || !next) {
      setFailure(result.error ? requestErrorMessage(i18n, result.error) : t`This list changed: reload the page to see it.`);
      return;
    }
    setMore((known) => [...known, ...next.nodes]);
    setCursor(next.pageInfo);
  }

  return (
    <section className="themes-idea-group">
      <h3>{heading}</h3>
      <p className="muted">
        <Plural value={first.totalCount} one="# idea" other="# ideas" />
      </p>
      <ul>
        {ideas.map((idea) => (
          <li key={idea.id}>
            <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>{idea.title}</Link>
          </li>
        ))}
      </ul>
      {failure ? (
        <p role="alert" className="banner banner-error">
          {failure}
        </p>
      ) : null}
      {page.hasNextPage ? (
        <Button
          className="button"
          isDisabled={busy}
          aria-label={busy ? undefined : t`Show more ideas: ${heading}`}
          onPress={() => void showMore()}
        >
          {busy ? t`Loading…` : t`Show more ideas`}
        </Button>
      ) : null}
    </section>
  );
}
