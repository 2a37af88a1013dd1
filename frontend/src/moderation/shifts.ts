/** Shifts' pure logic: the rota's window and days, where a shift stands, the form's
 * date-and-time fields (in the viewer's zone) and the idea link a journal item names. */

const DAY_MS = 86_400_000;
/** The rota shows the past week and the month ahead. */
export const ROTA_PAST_DAYS = 7;
export const ROTA_FUTURE_DAYS = 30;
/** The API's limit on a shift's length. */
export const SHIFT_MAX_HOURS = 24;
export const JOURNAL_BODY_MAX = 2000;

export interface Timed {
  id: string;
  startsAt: string;
  endsAt: string;
}

export function rotaWindow(now: number): { from: string; to: string } {
  return {
    from: new Date(now - ROTA_PAST_DAYS * DAY_MS).toISOString(),
    to: new Date(now + ROTA_FUTURE_DAYS * DAY_MS).toISOString(),
  };
}

export type ShiftPhase = "upcoming" | "running" | "over";

export function shiftPhase(shift: Pick<Timed, "startsAt" | "endsAt">, now: number): ShiftPhase {
  if (new Date(shift.startsAt).getTime() > now) return "upcoming";
  if (new Date(shift.endsAt).getTime() > now) return "running";
  return "over";
}

/** Only a shift that has not started may be moved freely or deleted. */
export function isEditable(shift: Pick<Timed, "startsAt">, now: number): boolean {
  return new Date(shift.startsAt).getTime() > now;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** The local calendar day of a moment, as YYYY-MM-DD (the viewer's zone). */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface Day<T> {
  /** YYYY-MM-DD in the viewer's zone. */
  day: string;
  shifts: T[];
}

/** Shifts by the local day they start, days in order and shifts by start within each. */
export function groupByDay<T extends Timed>(shifts: readonly T[]): Day<T>[] {
  const sorted = [...shifts].sort(
    (a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime() || a.id.localeCompare(b.id),
  );
  const days: Day<T>[] = [];
  for (const shift of sorted) {
    const day = dayKey(shift.startsAt);
    const last = days[days.length - 1];
    if (last && last.day === day) last.shifts.push(shift);
    else days.push({ day, shifts: [shift] });
  }
  return days;
}

/** A YYYY-MM-DD day as a Date at local noon (for formatting the day's heading). */
export function dayDate(day: string): Date {
  const [year = 1970, month = 1, date = 1] = day.split("-").map(Number);
  return new Date(year, month - 1, date, 12);
}

/** A moment as a native `datetime-local` value ("2025-03-04T09:30", the viewer's zone). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return `${dayKey(iso)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value as an ISO moment; null when empty or not a date and time. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hours, minutes] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const seconds = match[6] === undefined ? 0 : Number(match[6]);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}

export type PeriodProblem = "missingStart" | "missingEnd" | "endBeforeStart" | "tooLong" | null;

/** What is wrong with a planned period before it is sent (the API checks it again). */
export function periodProblem(startsAt: string | null, endsAt: string | null): PeriodProblem {
  if (startsAt === null) return "missingStart";
  if (endsAt === null) return "missingEnd";
  const length = new Date(endsAt).getTime() - new Date(startsAt).getTime();
  if (length <= 0) return "endBeforeStart";
  if (length > SHIFT_MAX_HOURS * 3_600_000) return "tooLong";
  return null;
}

/** A default period for a new shift: the next full hour, four hours long. */
export function defaultPeriod(now: number): { start: string; end: string } {
  const start = new Date(now);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  const end = new Date(start.getTime() + 4 * 3_600_000);
  return { start: toLocalInput(start.toISOString()), end: toLocalInput(end.toISOString()) };
}

export type IdeaLink =
  | { ok: true; ideaId: string; commentId: string | null }
  | { ok: false; problem: "missing" | "invalid" | "otherJam" };

/** What a journal item is about, pasted as an idea's address
 * (`https://…/jams/<slug>/ideas/<id>`, optionally `#comment-<id>`) or as a plain idea id. An
 * address of another jam is refused. */
export function parseIdeaLink(text: string, slug: string): IdeaLink {
  const value = text.trim();
  if (value === "") return { ok: false, problem: "missing" };
  if (/^\d+$/.test(value)) return { ok: true, ideaId: value, commentId: null };
  const match = /(?:^|\/)jams\/([^/?#]+)\/ideas\/(\d+)\/?(?:\?[^#]*)?(?:#comment-(\d+))?$/.exec(value);
  if (!match) return { ok: false, problem: "invalid" };
  const [, rawSlug = "", ideaId = "", commentId] = match;
  let linkedSlug: string;
  try {
    linkedSlug = decodeURIComponent(rawSlug);
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (linkedSlug !== slug) return { ok: false, problem: "otherJam" };
  return { ok: true, ideaId, commentId: commentId ?? null };
}

/** Open items first, then the rest; each group oldest first (as the API sends a hand-off). */
export function openFirst<T extends { open: boolean; createdAt: string; id: string }>(entries: readonly T[]): T[] {
  const time = (entry: T) => new Date(entry.createdAt).getTime();
  return [...entries].sort((a, b) => Number(b.open) - Number(a.open) || time(a) - time(b) || a.id.localeCompare(b.id));
}

/** "4 Mar 2025, 09:00 – 13:00" (or across days, both dates) in the viewer's zone. */
export function formatPeriod(locale: string, startsAt: string, endsAt: string): string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return format.formatRange(new Date(startsAt), new Date(endsAt));
}

/** "09:00 – 13:00" for a shift within one day, else with dates. */
export function formatTimes(locale: string, startsAt: string, endsAt: string): string {
  if (dayKey(startsAt) !== dayKey(endsAt)) return formatPeriod(locale, startsAt, endsAt);
  const format = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  return format.formatRange(new Date(startsAt), new Date(endsAt));
}

export function formatDay(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full" }).format(dayDate(day));
}
