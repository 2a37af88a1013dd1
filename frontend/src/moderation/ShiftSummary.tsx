/** One shift in a line or two: who, when, which forums, whether it runs now; links to the
 * shift's page. */
import { Trans, useLingui } from "@lingui/react/macro";
import { Link } from "react-router";

import { userText } from "../app/userText";
import type { Shift } from "./ShiftForm";
import { formatTimes, shiftPhase } from "./shifts";

/** "All forums", or "Forums: Ideas, Tools". */
export function ShiftForums({ shift }: { shift: Pick<Shift, "allForums" | "forums"> }) {
  const list = userText(shift.forums.map((forum) => forum.title).join(", "));
  return shift.allForums ? <Trans>All forums</Trans> : <Trans>Forums: {list}</Trans>;
}

export function shiftPath(slug: string, shiftId: string): string {
  return `/jams/${encodeURIComponent(slug)}/moderate/shifts/${encodeURIComponent(shiftId)}`;
}

export function ShiftSummary({ shift, slug, now }: { shift: Shift; slug: string; now: number }) {
  const { t, i18n } = useLingui();
  const phase = shiftPhase(shift, now);
  const name = userText(shift.user.displayName);
  const times = formatTimes(i18n.locale, shift.startsAt, shift.endsAt);
  return (
    <div className="moderation-shift-summary">
      <p className="moderation-shift-line">
        <Link to={shiftPath(slug, shift.id)} className="moderation-shift-link">
          <Trans>
            {name}, {times}
          </Trans>
        </Link>{" "}
        {phase === "running" ? (
          <span className="badge badge-live">{t`On duty`}</span>
        ) : phase === "over" ? (
          <span className="badge badge-closed">{t`Over`}</span>
        ) : (
          <span className="badge badge-scheduled">{t`Planned`}</span>
        )}
      </p>
      <p className="muted moderation-shift-forums">
        <ShiftForums shift={shift} />
      </p>
    </div>
  );
}
