/** Shares as percentages in the person's locale ("62 %", "62 %" in French, "62 %" in
 * Spanish): Intl, like the app's other formats. */
export function formatPercent(locale: string, share: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(share);
}

/** A signed whole number: "+3", "−2", "0". */
export function formatSigned(locale: string, value: number): string {
  return new Intl.NumberFormat(locale, { signDisplay: "exceptZero" }).format(value);
}

/** A map coordinate, one decimal. */
export function formatCoordinate(locale: string, value: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value);
}
