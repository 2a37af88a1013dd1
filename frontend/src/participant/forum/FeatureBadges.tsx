/** An idea's editorial labels ("Emerging", "Best") and its "Pinned" marker as badges (words,
 * not colour alone), on the forum's cards and the idea page. */
import { useLingui } from "@lingui/react/macro";

import type { EditorialLabel } from "../../gql/graphql";
import { sortLabels } from "./labels";
import "./featureBadges.css";

export function useLabelNames(): Record<EditorialLabel, string> {
  const { t } = useLingui();
  return { EMERGING: t`Emerging`, BEST: t`Best` };
}

interface FeatureBadgesProps {
  labels: readonly EditorialLabel[];
  pinned: boolean;
  className?: string;
}

export function FeatureBadges({ labels, pinned, className }: FeatureBadgesProps) {
  const { t } = useLingui();
  const names = useLabelNames();
  const shown = sortLabels(labels);
  if (!pinned && shown.length === 0) return null;
  return (
    <ul className={className ? `feature-badges ${className}` : "feature-badges"} aria-label={t`Featured`}>
      {pinned ? (
        <li className="badge feature-badge feature-pinned">
          {t({ message: "Pinned", context: "an idea" })}
        </li>
      ) : null}
      {shown.map((label) => (
        <li key={label} className={`badge feature-badge feature-${label.toLowerCase()}`}>
          {names[label]}
        </li>
      ))}
    </ul>
  );
}
