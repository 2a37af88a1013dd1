/** A sparkline's SVG geometry: values over time (oldest first; null where the series has no
 * value, which breaks the line), from zero at the bottom to the largest value at the top. */

export interface Sparkline {
  /** An SVG path ("M x y L x y …"); empty when there is nothing to draw. */
  path: string;
  /** Points with no neighbour to join (a line needs two). */
  dots: { x: number; y: number }[];
  /** The newest value's point, marked at the end of the line. */
  last: { x: number; y: number } | null;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function sparkline(values: readonly (number | null)[], width: number, height: number, pad = 2): Sparkline {
  const largest = Math.max(0, ...values.map((value) => value ?? 0));
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const at = (index: number, value: number) => ({
    x: round(values.length > 1 ? pad + index * step : width / 2),
    y: round(largest > 0 ? height - pad - (value / largest) * (height - 2 * pad) : height - pad),
  });
  const parts: string[] = [];
  const dots: { x: number; y: number }[] = [];
  let last: { x: number; y: number } | null = null;
  let run: { x: number; y: number }[] = [];
  const close = () => {
    if (run.length === 1) dots.push(run[0]!);
    else if (run.length > 1) parts.push(run.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" "));
    run = [];
  };
  values.forEach((value, index) => {
    if (value === null) {
      close();
      return;
    }
    const point = at(index, value);
    run.push(point);
    last = point;
  });
  close();
  // `last` is the newest point only when the series ends with a value.
  return { path: parts.join(" "), dots, last: values.at(-1) === null ? null : last };
}
