/** A small line of values over time, for the eye only (aria-hidden): its numbers are always
 * beside it as text. */
import { sparkline } from "./sparkline";

export function Sparkline({ values, width = 96, height = 24 }: { values: readonly (number | null)[]; width?: number; height?: number }) {
  const line = sparkline(values, width, height, 3);
  return (
    <svg className="strategy-sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <line x1={3} x2={width - 3} y1={height - 3} y2={height - 3} className="strategy-sparkline-base" />
      {line.path ? <path d={line.path} className="strategy-sparkline-line" /> : null}
      {line.dots.map((dot, index) => (
        <circle key={index} cx={dot.x} cy={dot.y} r={2} className="strategy-sparkline-dot" />
      ))}
      {line.last ? <circle cx={line.last.x} cy={line.last.y} r={2.5} className="strategy-sparkline-last" /> : null}
    </svg>
  );
}
