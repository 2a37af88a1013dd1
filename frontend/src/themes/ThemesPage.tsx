/** The themes of a jam (`/jams/:slug/themes`): what the ideas are about, as the worker's
 * newest clustering found it. A list of themes (largest first) and a map of every idea; both
 * follow refits live (`ThemesUpdated` on the jam's activity stream, and a refetch after a lost
 * connection comes back). The map is loaded only when this page is opened. */
import { plural } from "@lingui/core/macro";
import { Trans, useLingui } from "@lingui/react/macro";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button, ToggleButton } from "react-aria-components";
import { Link, useParams } from "react-router";
import { useQuery, useSubscription } from "urql";

import { onReconnected } from "../app/connection";
import { requestErrorMessage } from "../app/errors";
import { Loading } from "../app/fields";
import { formatDateTime, formatRelative } from "../app/format";
import { PageTitle } from "../app/PageTitle";
import {
  ThemesActivityDocument,
  ThemesOverviewDocument,
  type ThemesActivitySubscription,
  type ThemesOverviewQuery,
} from "../gql/graphql";
import { ThemeIdeaList } from "./ThemeIdeaList";
import { ThemeList } from "./ThemeList";
import type { MapTheme } from "./ThemeMap";
import "./themes.css";

const ThemeMap = lazy(() => import("./ThemeMap"));

type Jam = NonNullable<ThemesOverviewQuery["jam"]>;
type Snapshot = NonNullable<Jam["themes"]>;

/** Re-render every `interval` ms so "fitted 3 minutes ago" stays true. */
function useNow(interval = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), interval);
    return () => window.clearInterval(timer);
  }, [interval]);
  return now;
}

export function ThemesPage() {
  const { t, i18n } = useLingui();
  const { slug = "" } = useParams();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ThemesOverviewDocument, variables: { slug } });
  const refetch = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useEffect(() => onReconnected(refetch), [refetch]);

  const jam = data?.jam ?? null;
  // Count the jam-wide refits as they come (a reducer: a refit's jam-wide event arrives in one
  // burst with its forums' events, and only the last of a burst would reach an effect).
  const [activity] = useSubscription(
    { query: ThemesActivityDocument, variables: { jamId: jam?.id ?? "" }, pause: !jam },
    (refits: number = 0, event: ThemesActivitySubscription) =>
      event.jamActivity.__typename === "ThemesUpdated" && event.jamActivity.forumId == null ? refits + 1 : refits,
  );
  const refits = activity.data ?? 0;
  useEffect(() => {
    if (refits > 0) refetch();
  }, [refits, refetch]);

  // Say so when a refit replaced the themes while the page was open.
  const jamId = jam?.id;
  const version = jam?.themes?.version;
  const seen = useRef<{ jamId: string; version: number } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (jamId === undefined || version === undefined) return;
    const before = seen.current;
    if (before !== null && before.jamId === jamId && before.version !== version) {
      setAnnouncement(t`The themes were just updated.`);
    }
    seen.current = { jamId, version };
  }, [jamId, version, t]);

  if (data === undefined && fetching) {
    return (
      <section>
        <PageTitle title={t`Themes`} />
        <Loading />
      </section>
    );
  }
  if (error && !jam) {
    return (
      <section>
        <PageTitle title={t`Themes`} />
        <div role="alert" className="banner banner-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <Button className="button" onPress={refetch}>
            <Trans>Retry</Trans>
          </Button>
        </div>
      </section>
    );
  }
  if (!jam) {
    return (
      <section>
        <PageTitle title={t`Themes`} />
        <p className="empty">
          <Trans>
            This jam does not exist, or you cannot see it. <Link to="/">See your jams</Link>.
          </Trans>
        </p>
      </section>
    );
  }

  return (
    <section className="themes-page">
      <p className="themes-back">
        <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>{jam.title}</Link>
      </p>
      <PageTitle title={t`Themes`} />
      <p role="status" aria-live="polite" className={announcement ? "banner banner-info" : "visually-hidden"}>
        {announcement}
      </p>
      {jam.themes ? <Themes jam={jam} snapshot={jam.themes} /> : <NoThemes jam={jam} />}
    </section>
  );
}

/** Before the first fit: why there is nothing yet, and what to do meanwhile. */
function NoThemes({ jam }: { jam: Jam }) {
  const { i18n } = useLingui();
  const opens = formatDateTime(i18n.locale, jam.startsAt);
  return (
    <div className="empty themes-empty">
      {jam.phase === "LIVE" ? (
        <>
          <p>
            <Trans>
              No themes yet. Once enough ideas are posted, they are grouped into themes by what they say; this page
              updates by itself when that happens.
            </Trans>
          </p>
          <p>
            <Link to={`/jams/${encodeURIComponent(jam.slug)}/post`} className="button button-primary">
              <Trans>Post an idea</Trans>
            </Link>
          </p>
        </>
      ) : jam.phase === "SCHEDULED" ? (
        <p>
          <Trans>
            No themes yet: this jam opens on {opens}. Themes appear once enough ideas are posted.
          </Trans>
        </p>
      ) : (
        <p>
          <Trans>This jam has closed without themes: it had too few ideas to group.</Trans>
        </p>
      )}
    </div>
  );
}

function Themes({ jam, snapshot }: { jam: Jam; snapshot: Snapshot }) {
  const { t, i18n } = useLingui();
  const now = useNow();
  const [asList, setAsList] = useState(false);
  const themesText = plural(snapshot.themes.length, { one: "# theme", other: "# themes" });
  const ideasText = plural(snapshot.ideaCount, { one: "# idea", other: "# ideas" });
  const fitted = formatRelative(i18n.locale, snapshot.fittedAt, now);
  // The map refetches its points when its themes change: keep them the same object until
  // they really do (a cache update elsewhere hands this page new but equal objects).
  const mapThemesKey = JSON.stringify(snapshot.themes.map(({ id, label, size, x, y }) => ({ id, label, size, x, y })));
  const mapThemes = useMemo(() => JSON.parse(mapThemesKey) as MapTheme[], [mapThemesKey]);
  return (
    <>
      <p className="themes-summary">
        <Trans>
          {themesText} found in {ideasText}, grouped <time dateTime={snapshot.fittedAt} title={formatDateTime(i18n.locale, snapshot.fittedAt)}>{fitted}</time>.
        </Trans>
      </p>
      {jam.phase === "CLOSED" ? (
        <p className="banner banner-info">
          <Trans>This jam has closed: these are its final themes.</Trans>
        </p>
      ) : null}
      {snapshot.themes.length === 0 ? (
        <p className="empty">
          <Trans>The ideas did not form any theme yet: they are too few or too different. New ideas may change that.</Trans>
        </p>
      ) : (
        <>
          <section className="themes-section" aria-labelledby="themes-map-heading">
            <div className="themes-section-head">
              <h2 id="themes-map-heading">
                <Trans>Theme map</Trans>
              </h2>
              <ToggleButton className="button" isSelected={asList} onChange={setAsList}>
                <Trans>Show as a list</Trans>
              </ToggleButton>
            </div>
            {asList ? <ThemeIdeaList key={snapshot.id} slug={jam.slug} snapshotId={snapshot.id} themes={snapshot.themes} /> : null}
            <div hidden={asList}>
              <Suspense fallback={<Loading />}>
                <ThemeMap key={snapshot.id} slug={jam.slug} themes={mapThemes} snapshotId={snapshot.id} />
              </Suspense>
            </div>
          </section>
          <section className="themes-section" aria-labelledby="themes-list-heading">
            <h2 id="themes-list-heading">{t`All themes, largest first`}</h2>
            <ThemeList slug={jam.slug} themes={snapshot.themes} />
          </section>
        </>
      )}
    </>
  );
}
