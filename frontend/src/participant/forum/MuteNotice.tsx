/** What a muted member is told wherever they could otherwise take part (forum, posting, idea
 * page): until when, and the moderator's reason. Controls it disables point at it with
 * `aria-describedby` (its `id`). */
import { Trans, useLingui } from "@lingui/react/macro";

import { formatDateTime } from "../../app/format";
import { userText } from "../../app/userText";

export interface ViewerMute {
  reason: string;
  endsAt: string;
}

export function MuteNotice({ mute, id }: { mute: ViewerMute; id?: string }) {
  const { i18n } = useLingui();
  const until = formatDateTime(i18n.locale, mute.endsAt);
  const reason = userText(mute.reason);
  return (
    <p className="banner banner-warn-box" id={id}>
      <Trans>
        A moderator muted you until {until}: {reason}. You can read but not post, comment, vote or flag.
      </Trans>
    </p>
  );
}
