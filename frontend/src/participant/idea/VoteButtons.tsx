/** Up, down and "no opinion" (a pass) as toggle buttons (pressed = the viewer's vote). The counts change at once
 * (graphcache's optimistic result, cache.ts) and go back if the server refuses, which the
 * person is told, by its code, next to the buttons. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useRef, useState } from "react";
import { ToggleButton } from "react-aria-components";
import { useMutation } from "urql";

import { requestErrorMessage, userErrorMessage } from "../../app/errors";
import { formatNumber } from "../../app/format";
import { RetractVoteDocument, VoteIdeaDocument, type VoteValue } from "../../gql/graphql";
import type { IdeaData } from "./IdeaPage";
import { useParticipation } from "./participation";
import { nextVote, type Vote } from "./votes";

export function VoteButtons({ idea, live }: { idea: IdeaData; live: boolean }) {
  const { t, i18n } = useLingui();
  const [, vote] = useMutation(VoteIdeaDocument);
  const [, retract] = useMutation(RetractVoteDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const { reportMuted } = useParticipation();
  // One vote at a time, in the order pressed: a press while the last is on its way waits for
  // its answer (two requests in flight could reach the server in either order).
  const queue = useRef<Promise<void>>(Promise.resolve());
  // The vote the last queued press asked for: the next press starts from it, not from the page
  // (which shows it only once its request goes out).
  const waiting = useRef(0);
  const intended = useRef<Vote>(null);

  async function send(next: Vote) {
    const input = { ideaId: idea.id };
    const result = next === null ? await retract({ input }) : await vote({ input: { ...input, value: next } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const data = result.data;
    const errors = (data && ("vote" in data ? data.vote.errors : data.retractVote.errors)) ?? [];
    const refused = errors[0];
    if (refused) setFailure(userErrorMessage(i18n, refused));
    if (refused?.code === "MUTED") reportMuted();
  }

  function press(pressed: VoteValue) {
    setFailure(null);
    const next = nextVote(waiting.current > 0 ? intended.current : idea.viewerVote, pressed);
    intended.current = next;
    waiting.current += 1;
    queue.current = queue.current
      .then(() => send(next))
      .catch(() => setFailure(t`Your vote could not be sent. Try again.`))
      .finally(() => {
        waiting.current -= 1;
      });
  }

  const up = formatNumber(i18n.locale, idea.upvotes);
  const down = formatNumber(i18n.locale, idea.downvotes);
  const passes = formatNumber(i18n.locale, idea.passes);
  const score = formatNumber(i18n.locale, idea.score);
  return (
    <section className="idea-votes" aria-labelledby="idea-votes-heading">
      <h2 id="idea-votes-heading" className="visually-hidden">
        <Trans>Votes</Trans>
      </h2>
      <p className="idea-score">
        <Trans>
          Score <strong className="idea-score-value">{score}</strong>
        </Trans>
      </p>
      <div
        role="group"
        aria-label={t`Your vote`}
        aria-describedby={live ? undefined : "idea-read-only"}
        className="row idea-vote-buttons"
      >
        <ToggleButton
          className="button idea-vote"
          isSelected={idea.viewerVote === "UP"}
          isDisabled={!live}
          onChange={() => press("UP")}
        >
          <span aria-hidden="true" className="idea-vote-icon">
            ▲
          </span>
          {t`Vote up (${up})`}
        </ToggleButton>
        <ToggleButton
          className="button idea-vote"
          isSelected={idea.viewerVote === "DOWN"}
          isDisabled={!live}
          onChange={() => press("DOWN")}
        >
          <span aria-hidden="true" className="idea-vote-icon">
            ▼
          </span>
          {t`Vote down (${down})`}
        </ToggleButton>
        <ToggleButton
          className="button idea-vote idea-vote-pass"
          isSelected={idea.viewerVote === "PASS"}
          isDisabled={!live}
          onChange={() => press("PASS")}
        >
          {t`No opinion (${passes})`}
        </ToggleButton>
      </div>
      <div role="alert" className={failure ? "banner banner-error idea-vote-error" : "idea-vote-error"}>
        {failure}
      </div>
    </section>
  );
}
