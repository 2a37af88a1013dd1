/** Pairs of ideas that read alike, best first: how alike (a percentage), both ideas (titles
 * linking to them, an excerpt of each), "Propose merge" (a dialog) and "Refresh". Finding
 * them takes the server a second or two. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useState } from "react";
import { Button } from "react-aria-components";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import { formatDateTime } from "../app/format";
import { userText } from "../app/userText";
import { ModerationMergeSuggestionsDocument, ModerationProposeMergeDocument, type ModerationMergeFieldsFragment } from "../gql/graphql";
import { excerpt } from "../participant/jam/text";
import { RequestProblem } from "./controls";
import { explainMergeRefusal } from "./mergeMessages";
import { cleanNote, formatScore, pairKey, SUGGESTION_LIMIT, type MergeDirection } from "./merges";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { ProposeMergeDialog, type SuggestedIdea, type Suggestion } from "./ProposeMergeDialog";

const EXCERPT_MAX = 160;

interface MergeSuggestionsProps {
  jam: ModeratedJam;
  onProposed(merge: ModerationMergeFieldsFragment): void;
}

export function MergeSuggestions({ jam, onProposed }: MergeSuggestionsProps) {
  const { t, i18n } = useLingui();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ModerationMergeSuggestionsDocument,
    variables: { slug: jam.slug, limit: SUGGESTION_LIMIT },
    requestPolicy: "cache-and-network",
  });
  // Proposed pairs leave the list at once (the server leaves them out from then on).
  const [proposed, setProposed] = useState<ReadonlySet<string>>(new Set());
  const [chosen, setChosen] = useState<Suggestion | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [{ fetching: proposing }, proposeMerge] = useMutation(ModerationProposeMergeDocument);

  async function propose(direction: MergeDirection<SuggestedIdea>, note: string) {
    if (!chosen) return;
    const result = await proposeMerge({
      input: { sourceId: direction.source.id, targetId: direction.target.id, note: cleanNote(note), score: chosen.score },
    });
    const payload = result.data?.proposeMerge;
    const found = problemsOf(i18n, result.error, payload, (refusal) =>
      explainMergeRefusal(i18n, refusal, "propose"),
    );
    if (found.length > 0 || !payload?.merge) {
      setProblems(found);
      return;
    }
    setProposed((previous) => new Set([...previous, pairKey(chosen.source.id, chosen.target.id)]));
    setChosen(null);
    onProposed(payload.merge);
  }

  const suggestions = data?.jam?.mergeSuggestions.filter((pair) => !proposed.has(pairKey(pair.source.id, pair.target.id)));
  const refreshing = fetching && suggestions !== undefined;
  return (
    <section aria-labelledby="moderation-suggestions-heading" aria-busy={fetching} className="moderation-merge-part">
      <div className="row moderation-part-head">
        <h3 id="moderation-suggestions-heading" className="moderation-subheading">
          <Trans>Ideas that read alike</Trans>
        </h3>
        <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })} isDisabled={fetching}>
          {refreshing ? t`Refreshing…` : t`Refresh`}
        </Button>
      </div>
      {isForbidden(error) ? (
        <p role="alert" className="banner banner-info">
          <Trans>Only this jam's moderators can see this.</Trans>
        </p>
      ) : error && !suggestions ? (
        <RequestProblem error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !suggestions ? (
        <p role="status" className="loading">
          <Trans>Looking for ideas that read alike… this can take a few seconds.</Trans>
        </p>
      ) : suggestions.length === 0 ? (
        <p className="empty">
          <Trans>No ideas read alike enough to suggest a merge.</Trans>
        </p>
      ) : (
        <ol className="moderation-list">
          {suggestions.map((pair) => (
            <li key={pairKey(pair.source.id, pair.target.id)}>
              <SuggestionCard
                pair={pair}
                slug={jam.slug}
                onPropose={() => {
                  setProblems([]);
                  setChosen(pair);
                }}
              />
            </li>
          ))}
        </ol>
      )}
      {error && suggestions ? <RequestProblem error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} /> : null}
      <ProposeMergeDialog
        suggestion={chosen}
        busy={proposing}
        problems={problems}
        onCancel={() => setChosen(null)}
        onConfirm={(direction, note) => void propose(direction, note)}
      />
    </section>
  );
}

function SuggestionCard({ pair, slug, onPropose }: { pair: Suggestion; slug: string; onPropose(): void }) {
  const { t, i18n } = useLingui();
  const alike = formatScore(i18n.locale, pair.score);
  const a = pair.source.title;
  const b = pair.target.title;
  return (
    <article className="card moderation-suggestion" aria-label={t`${a} and ${b}, ${alike} alike`}>
      <div className="row moderation-item-head">
        <span className="badge moderation-score">{t`${alike} alike`}</span>
      </div>
      <div className="moderation-pair">
        <SuggestedIdeaSummary idea={pair.source} slug={slug} label={t`Newer idea`} />
        <SuggestedIdeaSummary idea={pair.target} slug={slug} label={t`Older idea`} />
      </div>
      <div className="row">
        <Button className="button" onPress={onPropose}>
          <ProposeLabel pair={pair} />
        </Button>
      </div>
    </article>
  );
}

function ProposeLabel({ pair }: { pair: Suggestion }) {
  const a = userText(pair.source.title);
  const b = userText(pair.target.title);
  return (
    <Trans>
      Propose merge<span className="visually-hidden">: {a} and {b}</span>
    </Trans>
  );
}

function SuggestedIdeaSummary({ idea, slug, label }: { idea: SuggestedIdea; slug: string; label: string }) {
  const { i18n } = useLingui();
  const author = userText(idea.author.displayName);
  const posted = formatDateTime(i18n.locale, idea.createdAt);
  return (
    <div className="moderation-pair-idea">
      <p className="moderation-pair-label muted">{label}</p>
      <h4 className="moderation-pair-title">
        <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>{idea.title}</Link>
      </h4>
      <p className="muted moderation-item-meta">
        <Trans>
          {author} · <time dateTime={idea.createdAt}>{posted}</time>
        </Trans>
      </p>
      <p className="moderation-pair-excerpt">{excerpt(idea.body, EXCERPT_MAX)}</p>
    </div>
  );
}
