/** How a set of voters split on an idea: a bar (agree, disagree, and the rest who passed) with
 * the percentages beside it as text, which is what assistive technology reads. */
import { useLingui } from "@lingui/react/macro";

import { formatPercent } from "./numbers";

export function ShareBar({ agree, disagree, compact }: { agree: number; disagree: number; compact?: boolean }) {
  const { t, i18n } = useLingui();
  const agreed = formatPercent(i18n.locale, agree);
  const disagreed = formatPercent(i18n.locale, disagree);
  const width = (share: number) => `${Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10}%`;
  return (
    <div className={compact ? "strategy-share strategy-share-compact" : "strategy-share"}>
      <span className="strategy-share-bar" aria-hidden="true">
        <span className="strategy-share-agree" style={{ width: width(agree) }} />
        <span className="strategy-share-disagree" style={{ width: width(disagree) }} />
      </span>
      <span className="strategy-share-text">{t`${agreed} agree · ${disagreed} disagree`}</span>
    </div>
  );
}
