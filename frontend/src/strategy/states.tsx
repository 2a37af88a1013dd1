/** The workspace's shared pieces: a failed request with a retry, the scrolling frame every
 * wide table sits in (it scrolls, not the page; reachable by keyboard), and a link to an idea. */
import { useLingui } from "@lingui/react/macro";
import type { ReactNode } from "react";
import { Button } from "react-aria-components";
import { Link } from "react-router";
import type { CombinedError } from "urql";

import { requestErrorMessage } from "../app/errors";

/** A failed request: why, in the person's language, and a retry (a refusal gets no retry: the
 * API refuses analyses to anyone outside the strategy team). */
export function RequestProblem({ error, onRetry }: { error: CombinedError; onRetry(): void }) {
  const { t, i18n } = useLingui();
  if (error.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === "FORBIDDEN")) {
    return (
      <p role="alert" className="banner banner-info">
        {t`Only the strategy team can see this: analysts, administrators and this jam's moderators.`}
      </p>
    );
  }
  return (
    <div role="alert" className="banner banner-error strategy-problem">
      <p>{requestErrorMessage(i18n, error)}</p>
      <Button className="button" onPress={onRetry}>
        {t`Retry`}
      </Button>
    </div>
  );
}

/** A table too wide for a phone scrolls inside this frame. Focusable, so the keyboard can
 * scroll it too; named after the table's caption. */
export function TableFrame({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="strategy-table-frame" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}

export function IdeaLink({ slug, idea }: { slug: string; idea: { id: string; title: string } | null | undefined }) {
  const { t } = useLingui();
  if (!idea) return <span className="muted">{t`An idea that is no longer shown`}</span>;
  return (
    <Link className="strategy-idea-link" to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>
      {idea.title}
    </Link>
  );
}
