/** "Similar ideas already posted": while a draft is typed, the jam's ideas most like it, so a
 * participant can vote for an existing idea instead of posting it again. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { SimilarToDraftDocument } from "../../gql/graphql";
import { similarText } from "./tags";

const SIMILAR_DELAY_MS = 400;
const SIMILAR_COUNT = 5;
/** Matches below this say little; they are left out. */
const SIMILAR_FLOOR = 0.2;

/** `value`, once it has stayed the same for `delay` ms. */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export function SimilarIdeas({ jamId, slug, title, body }: { jamId: string; slug: string; title: string; body: string }) {
  const { i18n } = useLingui();
  const text = useDebounced(similarText(title, body), SIMILAR_DELAY_MS);
  const [{ data }] = useQuery({
    query: SimilarToDraftDocument,
    variables: { jamId, text: text ?? "", first: SIMILAR_COUNT },
    pause: text === null,
  });
  const matches = text === null ? [] : (data?.similarIdeas ?? []).filter((match) => match.score >= SIMILAR_FLOOR);
  const percent = new Intl.NumberFormat(i18n.locale, { style: "percent", maximumFractionDigits: 0 });
  return (
    <div aria-live="polite" className={matches.length > 0 ? "forum-similar" : undefined}>
      {matches.length > 0 ? (
        <section aria-labelledby="forum-similar-heading">
          <h2 id="forum-similar-heading">
            <Trans>Similar ideas already posted</Trans>
          </h2>
          <p className="muted">
            <Trans>If one of these says what you mean, vote for it there instead.</Trans>
          </p>
          <ul>
            {matches.map(({ idea, score }) => {
              const match = percent.format(score);
              return (
                <li key={idea.id}>
                  <Link to={`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(idea.id)}`}>{idea.title}</Link>{" "}
                  <span className="forum-similar-match">
                    <Trans>({match} similar)</Trans>
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
