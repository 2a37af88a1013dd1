/** The jam's clock, for every page that shows a jam: "Scheduled · Opens in 2 h 10 min", "Live ·
 * 1 d 3 h left", "Closed on <date>", in a `<time>`. It ticks every 30 s; at startsAt and
 * endsAt the jam changes phase by itself, so `onPhaseChange` (refetch the jam there) is
 * called when the clock passes one. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useRef, useState } from "react";

import { formatDateTime, formatDuration } from "../../app/format";
import type { JamPhase } from "../../gql/graphql";
import { MINUTE, readClock, untilNextPhase, type ClockReading, type JamTimes } from "./clock";

export type { JamTimes } from "./clock";

const TICK = 30_000;
/** setTimeout's longest wait (about 24.8 days); a longer one is re-armed when it ends. */
const LONGEST_TIMEOUT = 2 ** 31 - 1;
/** If the server still reports the old phase just after a boundary (clocks differ a little),
 * ask again this often, this many times. */
const RETRY_WAIT = 10_000;
const RETRIES = 3;

/** The current time, renewed every `interval` ms, and a way to renew it now. */
function useTicker(interval: number): [number, () => void] {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return [now, () => setNow(Date.now())];
}

/** The current time, renewed every `interval` ms (30 s by default). */
export function useNow(interval: number = TICK): number {
  return useTicker(interval)[0];
}

/** Calls `onChange` when the clock passes the jam's next boundary (startsAt or endsAt), or at
 * once when the jam's phase is already out of date, and a few times more while it stays so. */
export function usePhaseChange(jam: JamTimes | null | undefined, onChange: (() => void) | undefined): void {
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  });
  const phase = jam?.phase;
  const startsAt = jam?.startsAt;
  const endsAt = jam?.endsAt;
  useEffect(() => {
    if (phase === undefined || startsAt === undefined || endsAt === undefined) return;
    const times: JamTimes = { phase, startsAt, endsAt };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retries = 0;
    const arm = () => {
      const wait = untilNextPhase(times, Date.now());
      if (wait === null) return;
      const stale = wait === 0;
      if (stale && retries >= RETRIES) return;
      const delay = stale ? (retries === 0 ? 0 : RETRY_WAIT) : Math.min(wait + 500, LONGEST_TIMEOUT);
      timer = setTimeout(() => {
        if (untilNextPhase(times, Date.now()) === 0) {
          retries += 1;
          callback.current?.();
        }
        arm();
      }, delay);
    };
    arm();
    return () => clearTimeout(timer);
  }, [phase, startsAt, endsAt]);
}

interface JamClockProps {
  jam: JamTimes;
  /** The clock passed startsAt or endsAt: refetch the jam (its phase changed). */
  onPhaseChange?: () => void;
}

export function JamClock({ jam, onPhaseChange }: JamClockProps) {
  const [now, renew] = useTicker(TICK);
  usePhaseChange(jam, () => {
    renew();
    onPhaseChange?.();
  });
  const reading = readClock(jam, now);
  return (
    <time className="jam-clock" dateTime={reading.at}>
      <ClockWords reading={reading} />
    </time>
  );
}

export function phaseBadgeClass(phase: JamPhase): string {
  return `badge badge-${phase.toLowerCase()}`;
}

/** The clock's words (exported for tests and for pages that lay the clock out themselves). */
export function ClockWords({ reading }: { reading: ClockReading }) {
  const { i18n } = useLingui();
  const className = phaseBadgeClass(reading.phase);
  const date = formatDateTime(i18n.locale, reading.at);
  if (reading.phase === "SCHEDULED") {
    if (reading.remaining < MINUTE) {
      return (
        <Trans>
          <span className={className}>Scheduled</span> Opens in less than a minute · {date}
        </Trans>
      );
    }
    const duration = formatDuration(i18n.locale, reading.remaining);
    return (
      <Trans>
        <span className={className}>Scheduled</span> Opens in {duration} · {date}
      </Trans>
    );
  }
  if (reading.phase === "LIVE") {
    if (reading.remaining < MINUTE) {
      return (
        <Trans>
          <span className={className}>Live</span> · less than a minute left
        </Trans>
      );
    }
    const duration = formatDuration(i18n.locale, reading.remaining);
    return (
      <Trans>
        <span className={className}>Live</span> · {duration} left
      </Trans>
    );
  }
  return (
    <Trans>
      <span className={className}>Closed</span> on {date}
    </Trans>
  );
}
