/** The strategy workspace (`/jams/:slug/strategy/*`): what the jam's ideas add up to, for the
 * people who follow it up: the themes over time, the opinion groups, who backs which themes,
 * two versions of the themes compared, and exports. One route per tab under one heading. It is
 * for analysts, administrators and the jam's moderators (as the API decides: jam/access.py);
 * anyone else is told so. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Link, Route, Routes, useLocation, useParams } from "react-router";
import { useQuery } from "urql";

import { Loading } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { useSession } from "../app/session";
import type { StrategyJamQuery } from "../gql/graphql";
import { mayAnalyse } from "./access";
import { BackingView } from "./BackingView";
import { CompareView } from "./CompareView";
import { StrategyJamDocument } from "./documents";
import { ExportView } from "./ExportView";
import { StrategyLive } from "./live";
import { OpinionsView } from "./OpinionsView";
import { RequestProblem } from "./states";
import { ThemeDetail } from "./ThemeDetail";
import { ThemesView } from "./ThemesView";
import "./strategy.css";

export type StrategyJam = NonNullable<StrategyJamQuery["jam"]>;

export function StrategyPage() {
  const { slug = "" } = useParams();
  const { t } = useLingui();
  const { viewer } = useSession();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: StrategyJamDocument,
    variables: { slug },
    requestPolicy: "cache-and-network",
  });
  const jam = data?.jam;
  if (jam) {
    return mayAnalyse(viewer?.role, jam.viewerCanModerate) ? <Workspace jam={jam} /> : <NotForYou jam={jam} />;
  }
  if (data === undefined && error) {
    return (
      <>
        <PageTitle title={t`Strategy`} />
        <RequestProblem error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      </>
    );
  }
  if (data === undefined || fetching) {
    return (
      <>
        <PageTitle title={t`Strategy`} />
        <Loading />
      </>
    );
  }
  return (
    <>
      <PageTitle title={t`Jam not found`} />
      <p>
        <Trans>
          There is no jam at this address, or it is not open to you. <Link to="/">See your jams</Link>.
        </Trans>
      </p>
    </>
  );
}

/** Participants (and guests) who open the address: whom it is for, and the way back. */
function NotForYou({ jam }: { jam: StrategyJam }) {
  const { t } = useLingui();
  return (
    <>
      <PageTitle title={t`Strategy`} />
      <div role="status" className="banner banner-info strategy-refusal">
        <p>
          <Trans>
            This workspace is for the strategy team: analysts, administrators and this jam's moderators. It shows how
            the jam's ideas group into themes and who backs which of them.
          </Trans>
        </p>
        <p>
          <Trans>
            You can still see the jam's themes as everyone does, and vote on its ideas to make your view count.
          </Trans>
        </p>
      </div>
      <p className="row">
        <Link to={`/jams/${encodeURIComponent(jam.slug)}/themes`}>
          <Trans>See the themes</Trans>
        </Link>
        <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>
          <Trans>Back to the jam</Trans>
        </Link>
      </p>
    </>
  );
}

function Workspace({ jam }: { jam: StrategyJam }) {
  const { t } = useLingui();
  const jamTitle = jam.title;
  return (
    <StrategyLive jamId={jam.id}>
      <div className="strategy-page">
        <nav aria-label={t`Breadcrumb`} className="strategy-breadcrumbs">
          <ol>
            <li>
              <Link to="/">{t`Your jams`}</Link>
            </li>
            <li>
              <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>{jamTitle}</Link>
            </li>
            <li>
              <span aria-current="page">{t`Strategy`}</span>
            </li>
          </ol>
        </nav>
        <PageTitle title={t`Strategy · ${jamTitle}`} />
        <Sections slug={jam.slug} />
        <Routes>
          <Route index element={<ThemesView jam={jam} />} />
          <Route path="themes/:themeId" element={<ThemeDetail jam={jam} />} />
          <Route path="opinions" element={<OpinionsView jam={jam} />} />
          <Route path="backing" element={<BackingView jam={jam} />} />
          <Route path="compare" element={<CompareView jam={jam} />} />
          <Route path="export" element={<ExportView jam={jam} />} />
          <Route
            path="*"
            element={
              <p className="empty">
                <Trans>This part of the workspace does not exist.</Trans>
              </p>
            }
          />
        </Routes>
      </div>
    </StrategyLive>
  );
}

/** Themes, Opinions, Backing, Compare, Export: links to the tabs' routes, the current one
 * marked (the themes tab also on a theme's own page). */
function Sections({ slug }: { slug: string }) {
  const { t } = useLingui();
  const { pathname } = useLocation();
  const base = `/jams/${encodeURIComponent(slug)}/strategy`;
  const here = pathname.replace(/\/+$/, "");
  const sections = [
    { to: base, label: t`Themes`, current: here === base || here.startsWith(`${base}/themes/`) },
    { to: `${base}/opinions`, label: t`Opinions`, current: here === `${base}/opinions` },
    { to: `${base}/backing`, label: t`Backing`, current: here === `${base}/backing` },
    { to: `${base}/compare`, label: t`Compare`, current: here === `${base}/compare` },
    { to: `${base}/export`, label: t`Export`, current: here === `${base}/export` },
  ];
  return (
    <nav aria-label={t`Strategy sections`} className="strategy-sections">
      <ul>
        {sections.map((section) => (
          <li key={section.to}>
            <Link to={section.to} className="strategy-tab" aria-current={section.current ? "page" : undefined}>
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
