/** The ideas a moderator pinned at the top of the forum, under a "Pinned" heading above the
 * list (nothing when none are). The same cards as the list, with their own element ids. */
import { useLingui } from "@lingui/react/macro";

import { IdeaCard, type ForumIdea } from "./IdeaCard";
import type { ForumView } from "./urlState";

interface PinnedIdeasProps {
  ideas: readonly ForumIdea[];
  slug: string;
  view: ForumView;
  /** Left the forum since it was loaded (hidden, merged). */
  hiddenIds: ReadonlySet<string>;
}

export function PinnedIdeas({ ideas, slug, view, hiddenIds }: PinnedIdeasProps) {
  const { t } = useLingui();
  const shown = ideas.filter((idea) => idea.hidden || !hiddenIds.has(idea.id));
  if (shown.length === 0) return null;
  return (
    <section className="forum-pinned" aria-labelledby="forum-pinned-heading">
      <h2 id="forum-pinned-heading" className="forum-list-heading">
        {t({ message: "Pinned", context: "ideas" })}
      </h2>
      <ol className="forum-ideas">
        {shown.map((idea) => (
          <li key={idea.id}>
            <IdeaCard idea={idea} slug={slug} view={view} idPrefix="forum-pinned" />
          </li>
        ))}
      </ol>
    </section>
  );
}
