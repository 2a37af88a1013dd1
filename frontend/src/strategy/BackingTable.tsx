/** A backing matrix as a heat map: a real table, one row per theme and one column per group
 * (an opinion group or a population value), each cell the share of the group's votes on the
 * theme's ideas that agree, as text and as a colour (red opposed, white split, blue backed;
 * the text keeps 4.5:1 on every colour). What is significant is marked with a symbol and said
 * in words for screen readers, never by colour alone; the key below says what the symbols
 * mean. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import type { ReactNode } from "react";
import { Link } from "react-router";

import { formatNumber } from "../app/format";
import { cellMarks, MARK_SYMBOLS, supportColors, type Mark } from "./heatmap";
import { formatPercent } from "./numbers";
import { TableFrame } from "./states";

export interface BackingCellData {
  group: string;
  votes: number;
  support: number;
  restSupport: number;
  differs: boolean;
  backs: boolean;
  opposes: boolean;
}

export interface BackingRow {
  themeId: string;
  themeLabel: string;
  votes: number;
  spread: number;
  commonGround: boolean;
  splits: boolean;
  cells: readonly BackingCellData[];
}

export interface BackingColumn {
  group: string;
  label: ReactNode;
}

interface BackingTableProps {
  id: string;
  caption: ReactNode;
  columns: readonly BackingColumn[];
  rows: readonly BackingRow[];
  slug: string;
  /** Link each theme to its page (not on that page itself). */
  linkThemes?: boolean;
}

export function BackingTable({ id, caption, columns, rows, slug, linkThemes = true }: BackingTableProps) {
  const { t } = useLingui();
  const captionId = `${id}-caption`;
  return (
    <TableFrame labelledBy={captionId}>
      <table className="strategy-table strategy-heat" id={id}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t`Theme`}</th>
            {columns.map((column) => (
              <th scope="col" key={column.group} className="strategy-heat-head">
                {column.label}
              </th>
            ))}
            <th scope="col" className="strategy-number">
              {t`Votes`}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.themeId}>
              <th scope="row" className="strategy-heat-theme">
                {linkThemes ? (
                  <Link to={`/jams/${encodeURIComponent(slug)}/strategy/themes/${encodeURIComponent(row.themeId)}`}>
                    {row.themeLabel}
                  </Link>
                ) : (
                  row.themeLabel
                )}
                <RowBadges row={row} />
              </th>
              {columns.map((column) => {
                const cell = row.cells.find((candidate) => candidate.group === column.group);
                return cell ? <HeatCell key={column.group} cell={cell} /> : <td key={column.group} className="strategy-heat-none">–</td>;
              })}
              <td className="strategy-number">
                <VotesCount votes={row.votes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

function VotesCount({ votes }: { votes: number }) {
  const { i18n } = useLingui();
  return <>{formatNumber(i18n.locale, votes)}</>;
}

function RowBadges({ row }: { row: BackingRow }) {
  if (!row.splits && !row.commonGround) return null;
  return (
    <span className="strategy-row-badges">
      {row.splits ? (
        <span className="badge strategy-badge-split">
          <Trans>Splits</Trans>
        </span>
      ) : null}
      {row.commonGround ? (
        <span className="badge strategy-badge-common">
          <Trans>Common ground</Trans>
        </span>
      ) : null}
    </span>
  );
}

function HeatCell({ cell }: { cell: BackingCellData }) {
  const { i18n } = useLingui();
  if (cell.votes === 0) {
    // The smoothed share of no votes is one half: say there are none instead.
    return (
      <td className="strategy-heat-cell strategy-heat-empty">
        <span className="strategy-heat-value" aria-hidden="true">
          –
        </span>
        <span className="strategy-heat-votes">
          <Trans>no votes</Trans>
        </span>
      </td>
    );
  }
  const { background, text } = supportColors(cell.support);
  const marks = cellMarks(cell);
  return (
    <td className="strategy-heat-cell" style={{ background, color: text }}>
      <span className="strategy-heat-value">
        {formatPercent(i18n.locale, cell.support)}
        {marks.length > 0 ? (
          <span className="strategy-heat-marks" aria-hidden="true">
            {" "}
            {marks.map((mark) => MARK_SYMBOLS[mark]).join("")}
          </span>
        ) : null}
      </span>
      {marks.length > 0 ? (
        <span className="visually-hidden">
          {" "}
          <MarkWords marks={marks} />
        </span>
      ) : null}
      <span className="strategy-heat-votes">
        <Plural value={cell.votes} one="# vote" other="# votes" />
      </span>
    </td>
  );
}

function MarkWords({ marks }: { marks: Mark[] }) {
  const { t } = useLingui();
  const words: Record<Mark, string> = {
    backs: t`backs it (significant)`,
    opposes: t`opposes it (significant)`,
    differs: t`differs from everyone else (significant)`,
  };
  return <>({marks.map((mark) => words[mark]).join("; ")})</>;
}

/** What the colours and symbols mean. */
export function BackingKey() {
  const { t, i18n } = useLingui();
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="strategy-key">
      <p className="strategy-key-scale">
        <span className="strategy-key-label">{t`Share of votes that agree:`}</span>
        {stops.map((stop) => {
          const { background, text } = supportColors(stop);
          return (
            <span key={stop} className="strategy-key-stop" style={{ background, color: text }}>
              {formatPercent(i18n.locale, stop)}
            </span>
          );
        })}
      </p>
      <ul className="strategy-key-marks">
        <li>
          <span aria-hidden="true">{MARK_SYMBOLS.backs}</span> <Trans>more than half agree (significant)</Trans>
        </li>
        <li>
          <span aria-hidden="true">{MARK_SYMBOLS.opposes}</span> <Trans>more than half disagree (significant)</Trans>
        </li>
        <li>
          <span aria-hidden="true">{MARK_SYMBOLS.differs}</span> <Trans>differs from everyone else (significant)</Trans>
        </li>
      </ul>
    </div>
  );
}
