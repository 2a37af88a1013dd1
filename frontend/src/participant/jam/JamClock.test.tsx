import { i18n } from "@lingui/core";
import { I18nProvider } from "@lingui/react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { messages as es } from "../../locales/jam/es";
import { messages as fr } from "../../locales/jam/fr";
import { JamClock } from "./JamClock";
import type { JamTimes } from "./clock";

const jam = (phase: JamTimes["phase"]): JamTimes => ({
  phase,
  startsAt: "2026-12-01T12:00:00Z",
  endsAt: "2026-12-03T12:00:00Z",
});

/** The clock's text at `now`, in `locale`. */
function clockAt(now: string, times: JamTimes, locale = "en"): string {
  vi.setSystemTime(new Date(now));
  i18n.activate(locale);
  const html = renderToStaticMarkup(
    <I18nProvider i18n={i18n}>
      <JamClock jam={times} />
    </I18nProvider>,
  );
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

beforeAll(() => {
  i18n.load({ en: {}, es, fr });
  vi.useFakeTimers();
});
afterAll(() => {
  vi.useRealTimers();
});

describe("the jam clock's words", () => {
  it("counts down to the opening, with the local date", () => {
    const text = clockAt("2026-12-01T09:50:00Z", jam("SCHEDULED"));
    expect(text).toMatch(/^Scheduled Opens in 2 hr 10 min · Dec 1, 2026/);
  });

  it("says how long a live jam has left", () => {
    expect(clockAt("2026-12-02T09:00:00Z", jam("LIVE"))).toBe("Live · 1 day 3 hr left");
    expect(clockAt("2026-12-03T11:59:30Z", jam("LIVE"))).toBe("Live · less than a minute left");
  });

  it("says when a closed jam ended", () => {
    expect(clockAt("2026-12-09T00:00:00Z", jam("CLOSED"))).toMatch(/^Closed on Dec 3, 2026/);
  });

  it("turns live at startsAt without waiting for the server", () => {
    expect(clockAt("2026-12-01T12:00:00Z", jam("SCHEDULED"))).toBe("Live · 2 days 0 hr left");
  });

  it("marks the moment up in a <time>", () => {
    vi.setSystemTime(new Date("2026-12-02T09:00:00Z"));
    i18n.activate("en");
    const html = renderToStaticMarkup(
      <I18nProvider i18n={i18n}>
        <JamClock jam={jam("LIVE")} />
      </I18nProvider>,
    );
    expect(html).toContain('<time class="jam-clock" dateTime="2026-12-03T12:00:00Z">');
    expect(html).toContain('<span class="badge badge-live">Live</span>');
  });

  it("speaks Spanish and French", () => {
    expect(clockAt("2026-12-02T09:00:00Z", jam("LIVE"), "es")).toMatch(/^En directo · quedan 1 d 3 h$/);
    expect(clockAt("2026-12-02T09:00:00Z", jam("LIVE"), "fr")).toMatch(/^En direct · encore 1 j 3 h$/);
    expect(clockAt("2026-12-09T00:00:00Z", jam("CLOSED"), "fr")).toMatch(/^Terminée le 3 déc\. 2026/);
  });
});
