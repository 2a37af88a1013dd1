import { i18n } from "@lingui/core";
import { I18nProvider, Trans } from "@lingui/react";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";

import { MuteNotice } from "../participant/forum/MuteNotice";
import { userText } from "./userText";

const HOSTILE = "<b>not bold</b> <0>x</0>";
/** As written, once escaped for HTML. */
const HOSTILE_HTML = "&lt;b&gt;not bold&lt;/b&gt; &lt;0&gt;x&lt;/0&gt;";

// What the <Trans> macro compiles `<Trans><0>Said:</0> {text}</Trans>` to. Written out (its id
// not a literal) so that `lingui extract` leaves this test's message out of the catalogs.
const MESSAGE = "<0>Said:</0> {text}";

function Said({ text }: { text: ReactNode }) {
  return <Trans id={MESSAGE} message={MESSAGE} values={{ text }} components={{ 0: <em /> }} />;
}

function html(node: ReactNode): string {
  return renderToStaticMarkup(<I18nProvider i18n={i18n}>{node}</I18nProvider>);
}

beforeAll(() => {
  i18n.load({ en: {} });
  i18n.activate("en");
});

describe("user text in a <Trans> message", () => {
  it("shows exactly as written when passed through userText", () => {
    expect(html(<Said text={userText(HOSTILE)} />)).toBe(`<em>Said:</em> ${HOSTILE_HTML}`);
  });

  it("would be read for tags as a plain string (what userText prevents)", () => {
    const complaint = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // <b> is dropped, and <0>x</0> takes the message's own element.
      expect(html(<Said text={HOSTILE} />)).toBe("<em>Said:</em> not bold <em>x</em>");
      expect(complaint).toHaveBeenCalledWith(expect.stringContaining("index 'b'"));
    } finally {
      complaint.mockRestore();
    }
  });

  it("is empty for a missing value", () => {
    expect(html(<Said text={userText(null)} />)).toBe("<em>Said:</em> ");
    expect(html(<Said text={userText(undefined)} />)).toBe("<em>Said:</em> ");
  });

  it("keeps a moderator's reason verbatim in a real message (the mute notice)", () => {
    const notice = html(<MuteNotice mute={{ reason: HOSTILE, endsAt: "2026-12-01T12:00:00Z" }} />);
    expect(notice).toContain(`: ${HOSTILE_HTML}. You can read but not post`);
  });
});
