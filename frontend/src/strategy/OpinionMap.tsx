/** The opinion map: the API's clusters of people who vote alike (never one person on their
 * own), one circle per cluster sized by how many people it holds and coloured by opinion
 * group, each group's letter at its centre, and the viewer's own place marked. The picture is
 * an image for assistive technology with a summary as its name; "Show as a table" gives the
 * same groups, sizes and positions as text. Nothing moves, so reduced motion has nothing to
 * turn off. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useId, useMemo, useState } from "react";
import { ToggleButton } from "react-aria-components";

import { formatNumber } from "../app/format";
import { MAP_BACKGROUND } from "../themes/palette";
import { groupColor, groupLetter } from "./groups";
import { formatCoordinate } from "./numbers";
import { clustersForTable, groupSummaries, layoutMap, type MapPoint } from "./opinionMap";
import { TableFrame } from "./states";

interface OpinionMapProps {
  points: readonly MapPoint[];
  viewerPoint: { x: number; y: number } | null | undefined;
  viewerGroup: number | null | undefined;
}

export function OpinionMap({ points, viewerPoint, viewerGroup }: OpinionMapProps) {
  const [asTable, setAsTable] = useState(false);
  const summaries = useMemo(() => groupSummaries(points), [points]);
  return (
    <section className="strategy-section" aria-labelledby="strategy-map-heading">
      <div className="strategy-section-head">
        <h2 id="strategy-map-heading">
          <Trans>Opinion map</Trans>
        </h2>
        <ToggleButton className="button" isSelected={asTable} onChange={setAsTable}>
          <Trans>Show as a table</Trans>
        </ToggleButton>
      </div>
      <p className="muted strategy-map-help">
        <Trans>
          Each circle is a few people who vote alike, sized by how many they are: the closer two circles, the more alike
          their votes. No one is shown on their own.
        </Trans>
      </p>
      {asTable ? (
        <MapTables points={points} summaries={summaries} viewerPoint={viewerPoint} viewerGroup={viewerGroup} />
      ) : (
        <MapPicture points={points} summaries={summaries} viewerPoint={viewerPoint} />
      )}
      <MapLegend summaries={summaries} hasViewer={Boolean(viewerPoint)} />
    </section>
  );
}

function MapPicture({
  points,
  summaries,
  viewerPoint,
}: {
  points: readonly MapPoint[];
  summaries: ReturnType<typeof groupSummaries>;
  viewerPoint: { x: number; y: number } | null | undefined;
}) {
  const { t, i18n } = useLingui();
  const titleId = useId();
  const layout = useMemo(() => layoutMap(points, viewerPoint), [points, viewerPoint]);
  const people = formatNumber(i18n.locale, summaries.reduce((sum, s) => sum + s.people, 0));
  const groups = summaries.filter((s) => s.group !== null).length;
  const summary = t`Opinion map: ${people} people in ${groups} groups`;
  return (
    <figure className="strategy-map">
      <svg
        className="strategy-map-svg"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{viewerPoint ? t`${summary}; your place is marked.` : summary}</title>
        <rect width={layout.width} height={layout.height} fill={MAP_BACKGROUND} rx="6" />
        {layout.points.map((point, index) => (
          <circle
            key={index}
            cx={point.cx}
            cy={point.cy}
            r={point.r}
            fill={groupColor(point.group)}
            fillOpacity={0.85}
            stroke={MAP_BACKGROUND}
            strokeWidth={1.5}
          />
        ))}
        {summaries
          .filter((s) => s.group !== null)
          .map((s) => {
            const at = layout.project(s.x, s.y);
            return (
              <text key={s.group} x={at.cx} y={at.cy} className="strategy-map-letter" textAnchor="middle" dominantBaseline="central">
                {groupLetter(s.group!)}
              </text>
            );
          })}
        {layout.viewer ? (
          <g className="strategy-map-you">
            <circle cx={layout.viewer.cx} cy={layout.viewer.cy} r={9} fill="none" stroke="#ffffff" strokeWidth={3} />
            <circle cx={layout.viewer.cx} cy={layout.viewer.cy} r={2.5} fill="#ffffff" />
            <text x={layout.viewer.cx + 13} y={layout.viewer.cy} dominantBaseline="central" className="strategy-map-you-label">
              {t`You`}
            </text>
          </g>
        ) : null}
      </svg>
    </figure>
  );
}

function MapLegend({ summaries, hasViewer }: { summaries: ReturnType<typeof groupSummaries>; hasViewer: boolean }) {
  const { t } = useLingui();
  return (
    <ul className="strategy-legend" aria-label={t`Key to the map`}>
      {summaries.map((s) => {
        const letter = s.group === null ? null : groupLetter(s.group);
        return (
          <li key={s.group ?? "none"}>
            <span className="strategy-swatch" style={{ background: groupColor(s.group) }} aria-hidden="true" />
            {letter === null ? <Trans>Not in a group</Trans> : <Trans>Group {letter}</Trans>}{" "}
            <span className="muted">
              <Plural value={s.people} one="(# person)" other="(# people)" />
            </span>
          </li>
        );
      })}
      {hasViewer ? (
        <li>
          <span className="strategy-swatch strategy-swatch-you" aria-hidden="true" />
          <Trans>Your place on the map</Trans>
        </li>
      ) : null}
    </ul>
  );
}

function MapTables({
  points,
  summaries,
  viewerPoint,
  viewerGroup,
}: OpinionMapProps & { summaries: ReturnType<typeof groupSummaries> }) {
  const { t, i18n } = useLingui();
  const groupName = (group: number | null) => {
    if (group === null) return t`Not in a group`;
    const letter = groupLetter(group);
    return t`Group ${letter}`;
  };
  const yourLetter = viewerGroup == null ? null : groupLetter(viewerGroup);
  const coordinate = (value: number) => formatCoordinate(i18n.locale, value);
  const clusters = clustersForTable(points);
  return (
    <div className="stack">
      <TableFrame labelledBy="strategy-map-groups-caption">
        <table className="strategy-table">
          <caption id="strategy-map-groups-caption">
            <Trans>The groups on the map: how many people, and where their centre is</Trans>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t`Group`}</th>
              <th scope="col" className="strategy-number">{t`People`}</th>
              <th scope="col" className="strategy-number">{t`Clusters`}</th>
              <th scope="col" className="strategy-number">{t`Across`}</th>
              <th scope="col" className="strategy-number">{t`Up`}</th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((s) => (
              <tr key={s.group ?? "none"}>
                <th scope="row">{groupName(s.group)}</th>
                <td className="strategy-number">{formatNumber(i18n.locale, s.people)}</td>
                <td className="strategy-number">{formatNumber(i18n.locale, s.clusters)}</td>
                <td className="strategy-number">{coordinate(s.x)}</td>
                <td className="strategy-number">{coordinate(s.y)}</td>
              </tr>
            ))}
            {viewerPoint ? (
              <tr className="strategy-row-you">
                <th scope="row">{yourLetter === null ? t`You` : t`You (group ${yourLetter})`}</th>
                <td className="strategy-number">1</td>
                <td className="strategy-number">–</td>
                <td className="strategy-number">{coordinate(viewerPoint.x)}</td>
                <td className="strategy-number">{coordinate(viewerPoint.y)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </TableFrame>
      <TableFrame labelledBy="strategy-map-clusters-caption">
        <table className="strategy-table">
          <caption id="strategy-map-clusters-caption">
            <Trans>Every circle of the map</Trans>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t`Group`}</th>
              <th scope="col" className="strategy-number">{t`People`}</th>
              <th scope="col" className="strategy-number">{t`Across`}</th>
              <th scope="col" className="strategy-number">{t`Up`}</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((point, index) => (
              <tr key={index}>
                <th scope="row">{groupName(point.group)}</th>
                <td className="strategy-number">{formatNumber(i18n.locale, point.size)}</td>
                <td className="strategy-number">{coordinate(point.x)}</td>
                <td className="strategy-number">{coordinate(point.y)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      <p className="muted">
        <Trans>Across and up are the map's own units: only the distances between people mean something.</Trans>
      </p>
    </div>
  );
}
