/** The jam's live activity as the forum page needs it: which ideas were posted into this forum
 * since the list was loaded (counted, not inserted) and which left it (hidden by a moderator,
 * or merged into another idea).
 * Vote counts, edits and comment counts need nothing here: graphcache applies them to the
 * cards already shown, since the events carry the ideas' ids. */
import { useCallback, useEffect, useRef, useState } from "react";
import { useClient } from "urql";

import { ForumActivityDocument } from "../../gql/graphql";
import { activityEvent, countNewIdea, NO_NEW_IDEAS, type NewIdeas } from "./newIdeas";

export interface ForumActivity {
  newIdeas: NewIdeas;
  hiddenIds: ReadonlySet<string>;
  /** The list was loaded afresh: nothing is new any more. */
  clearNew(): void;
  /** The ids on the page now (an idea already shown is not "new"). */
  setShown(ids: ReadonlySet<string>): void;
}

export function useForumActivity(jamId: string | undefined, forumId: string): ForumActivity {
  const client = useClient();
  const [newIdeas, setNewIdeas] = useState<NewIdeas>(NO_NEW_IDEAS);
  const [hiddenIds, setHiddenIds] = useState<ReadonlySet<string>>(new Set());
  const shown = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (!jamId) return;
    const subscription = client.subscription(ForumActivityDocument, { jamId }).subscribe((result) => {
      const event = result.data?.jamActivity;
      if (!event) return;
      const activity = activityEvent(event);
      setNewIdeas((state) => countNewIdea(state, activity, forumId, shown.current));
      if (activity.kind === "hidden" || activity.kind === "merged") {
        setHiddenIds((ids) => new Set([...ids, activity.ideaId]));
      } else if (activity.kind === "restored" || activity.kind === "unmerged") {
        setHiddenIds((ids) => {
          if (!ids.has(activity.ideaId)) return ids;
          const next = new Set(ids);
          next.delete(activity.ideaId);
          return next;
        });
      }
    });
    return () => subscription.unsubscribe();
  }, [client, jamId, forumId]);

  const clearNew = useCallback(() => setNewIdeas(NO_NEW_IDEAS), []);
  const setShown = useCallback((ids: ReadonlySet<string>) => {
    shown.current = ids;
  }, []);
  return { newIdeas, hiddenIds, clearNew, setShown };
}
