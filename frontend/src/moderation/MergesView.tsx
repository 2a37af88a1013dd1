/** Merges: pairs of ideas that read alike, to propose merging, and the proposals made, with
 * what became of them. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";

import { formatDateTime } from "../app/format";
import { MergeRequests } from "./MergeRequests";
import { MergeSuggestions } from "./MergeSuggestions";
import type { ModeratedJam } from "./ModerationPage";

export function MergesView({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [status, setStatus] = useState("");
  const [version, setVersion] = useState(0);
  return (
    <section aria-labelledby="moderation-merges-heading" className="moderation-section-body">
      <h2 id="moderation-merges-heading" className="moderation-heading">
        <Trans>Merges</Trans>
      </h2>
      <p className="muted moderation-hint">
        <Trans>
          Merging moves an idea's votes and comments to the idea that is kept. Its author is asked first; once their deadline has
          passed unanswered, you may merge or drop it. A merge can be undone.
        </Trans>
      </p>
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      <MergeSuggestions
        jam={jam}
        onProposed={(merge) => {
          const source = merge.source?.title ?? t`the idea`;
          const target = merge.target?.title ?? t`the other idea`;
          const until = formatDateTime(i18n.locale, merge.deadline);
          setStatus(
            merge.status === "MERGED"
              ? t`“${source}” is merged into “${target}”.`
              : t`Merge proposed: the author of “${source}” has until ${until} to answer.`,
          );
          setVersion((previous) => previous + 1);
        }}
      />
      <MergeRequests jam={jam} version={version} onStatus={setStatus} />
    </section>
  );
}
