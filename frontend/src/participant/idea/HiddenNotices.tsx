/** What the idea page says about hiding: the author of a hidden idea learns why, moderators
 * see a badge with the reason, and a hidden comment keeps its place in the thread. */
import { Trans, useLingui } from "@lingui/react/macro";

import { userText } from "../../app/userText";
import type { HiddenNoteLike } from "./moderation";

/** At the top of a hidden idea's page, for its author. */
export function HiddenIdeaNotice({ note }: { note: HiddenNoteLike }) {
  const reason = userText(note.reason);
  return (
    <p className="banner banner-warn-box idea-hidden-notice">
      {note.automatic || !note.reason ? (
        <Trans>Hidden automatically after several members flagged it; a moderator will review it.</Trans>
      ) : (
        <Trans>Your idea is hidden: {reason}</Trans>
      )}
    </p>
  );
}

/** "Hidden" and why, for moderators (and the reason a hidden comment's author is told). */
export function HiddenReason({ note, badge }: { note: HiddenNoteLike | null; badge: boolean }) {
  const { t } = useLingui();
  const given = note?.reason ?? "";
  const reason = userText(given);
  return (
    <p className="idea-hidden-reason">
      {badge ? <span className="badge idea-hidden-badge">{t({ message: "Hidden", context: "a comment" })}</span> : null}{" "}
      {note?.automatic || (note !== null && !given) ? (
        <span>
          <Trans>Hidden automatically after several members flagged it; a moderator will review it.</Trans>
        </span>
      ) : given ? (
        <span>
          <Trans>Reason: {reason}</Trans>
        </span>
      ) : null}
    </p>
  );
}

/** In a hidden comment's place, for everyone who may not read it. */
export function HiddenCommentPlaceholder() {
  return (
    <p className="idea-comment-hidden muted">
      <em>
        <Trans>Hidden by a moderator</Trans>
      </em>
    </p>
  );
}

/** Above a hidden comment its author still reads. */
export function OwnHiddenCommentNotice({ note }: { note: HiddenNoteLike | null }) {
  const reason = userText(note?.reason);
  return (
    <p className="idea-hidden-reason">
      {note?.automatic || !note?.reason ? (
        <Trans>Your comment is hidden automatically after several members flagged it; a moderator will review it. Only you see it.</Trans>
      ) : (
        <Trans>Your comment is hidden: {reason}. Only you and the moderators see it.</Trans>
      )}
    </p>
  );
}
