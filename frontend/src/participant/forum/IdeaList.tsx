/** A forum's ideas a page at a time (cursor pagination): each page is its own cached query, so
 * graphcache keeps every card current (votes, edits) while more pages are appended by an
 * IntersectionObserver sentinel or the "Show more ideas" button. */
import { Trans, useLingui } from "@lingui/react/macro";
import { plural } from "@lingui/core/macro";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";
import { useQuery } from "urql";

import { requestErrorMessage } from "../../app/errors";
import { Loading } from "../../app/fields";
import { formatNumber } from "../../app/format";
import { ForumIdeasDocument } from "../../gql/graphql";
import { IdeaCard, type ForumIdea } from "./IdeaCard";
import type { ForumView } from "./urlState";

export const PAGE_SIZE = 20;

export interface PageReport {
  ids: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

interface IdeaListProps {
  slug: string;
  forumId: string;
  view: ForumView;
  /** Bumped to refetch every loaded page from the server (reconnected). */
  reloadToken: number;
  /** Bumped to start again from the first page (the "new ideas" bar). */
  restartToken: number;
  /** Ideas hidden by a moderator since they were loaded (left out for participants). */
  hiddenIds: ReadonlySet<string>;
  onShownChange(ids: ReadonlySet<string>): void;
  /** Shown when the forum (or the filtered view) has no ideas at all. */
  empty: React.ReactNode;
}

export function IdeaList({ slug, forumId, view, reloadToken, restartToken, hiddenIds, onShownChange, empty }: IdeaListProps) {
  const { t } = useLingui();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [reports, setReports] = useState<Record<number, PageReport>>({});
  const [announcement, setAnnouncement] = useState("");
  const [restartedAt, setRestartedAt] = useState(restartToken);
  if (restartedAt !== restartToken) {
    setRestartedAt(restartToken);
    setCursors([null]);
    setReports((previous): Record<number, PageReport> => (previous[0] ? { 0: previous[0] } : {}));
  }

  const report = useCallback((index: number, page: PageReport) => {
    setReports((previous) => {
      const old = previous[index];
      if (old && old.endCursor === page.endCursor && old.totalCount === page.totalCount && old.ids.join() === page.ids.join()) {
        return previous;
      }
      return { ...previous, [index]: page };
    });
  }, []);

  const last = reports[cursors.length - 1];
  const first = reports[0];
  const canLoadMore = last !== undefined && last.hasNextPage && last.endCursor !== null;

  const loadMore = useCallback(() => {
    if (!last?.endCursor || !last.hasNextPage) return;
    const cursor = last.endCursor;
    setCursors((previous) => (previous.includes(cursor) ? previous : [...previous, cursor]));
  }, [last]);

  // Announce each page appended once it has arrived.
  const announced = useRef(1);
  useEffect(() => {
    if (cursors.length === 1) announced.current = 1;
    const index = cursors.length - 1;
    const page = reports[index];
    if (index >= 1 && page && announced.current <= index) {
      announced.current = index + 1;
      const count = page.ids.length;
      setAnnouncement(plural(count, { one: "# more idea loaded", other: "# more ideas loaded" }));
    }
  }, [cursors, reports]);

  useEffect(() => {
    const ids = new Set<string>();
    for (let index = 0; index < cursors.length; index += 1) reports[index]?.ids.forEach((id) => ids.add(id));
    onShownChange(ids);
  }, [cursors, reports, onShownChange]);

  return (
    <section className="forum-list" aria-labelledby="forum-list-heading">
      <h2 id="forum-list-heading" className="forum-list-heading">
        {first ? (
          <IdeaCount count={first.totalCount} />
        ) : (
          <Trans>Ideas</Trans>
        )}
      </h2>
      {first && first.totalCount === 0 ? empty : null}
      <ol className="forum-ideas" id="forum-ideas">
        {cursors.map((after, index) => (
          <IdeaPage
            key={after ?? "first"}
            index={index}
            slug={slug}
            forumId={forumId}
            view={view}
            after={after}
            reloadToken={reloadToken}
            hiddenIds={hiddenIds}
            onReport={report}
          />
        ))}
      </ol>
      {canLoadMore ? (
        <>
          <Sentinel onVisible={loadMore} />
          <div className="forum-more">
            <Button className="button" onPress={loadMore}>
              {t`Show more ideas`}
            </Button>
          </div>
        </>
      ) : null}
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
    </section>
  );
}

function IdeaCount({ count }: { count: number }) {
  const { i18n } = useLingui();
  const shown = formatNumber(i18n.locale, count);
  return <>{plural(count, { one: `${shown} idea`, other: `${shown} ideas` })}</>;
}

interface IdeaPageProps {
  index: number;
  slug: string;
  forumId: string;
  view: ForumView;
  after: string | null;
  reloadToken: number;
  hiddenIds: ReadonlySet<string>;
  onReport(index: number, page: PageReport): void;
}

/** One page of ideas as list items of the shared list. */
function IdeaPage({ index, slug, forumId, view, after, reloadToken, hiddenIds, onReport }: IdeaPageProps) {
  const { i18n, t } = useLingui();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ForumIdeasDocument,
    variables: {
      slug,
      forumId,
      sort: view.sort,
      tag: view.tag || null,
      search: view.search || null,
      label: view.label || null,
      first: PAGE_SIZE,
      after,
    },
  });
  const loadedToken = useRef(reloadToken);
  useEffect(() => {
    if (reloadToken !== loadedToken.current) {
      loadedToken.current = reloadToken;
      reexecute({ requestPolicy: "network-only" });
    }
  }, [reloadToken, reexecute]);

  const connection = data?.jam?.ideas;
  useEffect(() => {
    if (!connection) return;
    onReport(index, {
      ids: connection.nodes.map((idea) => idea.id),
      hasNextPage: connection.pageInfo.hasNextPage,
      endCursor: connection.pageInfo.endCursor,
      totalCount: connection.totalCount,
    });
  }, [connection, index, onReport]);

  if (error && !connection) {
    return (
      <li className="forum-page-state">
        <div role="alert" className="banner banner-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
            {t`Retry`}
          </Button>
        </div>
      </li>
    );
  }
  if (!connection) {
    return fetching ? (
      <li className="forum-page-state">
        <Loading />
      </li>
    ) : null;
  }
  const visible = connection.nodes.filter((idea: ForumIdea) => idea.hidden || !hiddenIds.has(idea.id));
  return (
    <>
      {visible.map((idea) => (
        <li key={idea.id}>
          <IdeaCard idea={idea} slug={slug} view={view} />
        </li>
      ))}
    </>
  );
}

/** Calls `onVisible` when scrolled near (the button beside it does the same for keyboards). */
function Sentinel({ onVisible }: { onVisible(): void }) {
  const element = useRef<HTMLDivElement>(null);
  const callback = useRef(onVisible);
  useEffect(() => {
    callback.current = onVisible;
  }, [onVisible]);
  useEffect(() => {
    const node = element.current;
    if (!node || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) callback.current();
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return <div ref={element} className="forum-sentinel" aria-hidden="true" />;
}
