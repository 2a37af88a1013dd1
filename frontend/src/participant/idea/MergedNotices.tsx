/** What the idea page says about merges: on the target, after a redirect, which idea the reader
 * had opened; on an idea merged while it is open, where it went (a link). Titles go to <Trans>
 * through userText (a string value would be searched for tags). */
import { Trans } from "@lingui/react/macro";
import { Link } from "react-router";
import { userText } from "../../app/userText";

export function MergedFromNotice(props: { sourceTitle: string; title: string }) {
  const [sourceTitle, title] = [userText(props.sourceTitle), userText(props.title)];
  return (
    <p className="banner banner-info idea-merged-notice" role="status">
      <Trans>
        The idea you opened, “{sourceTitle}”, was merged into this one: “{title}”.
      </Trans>
    </p>
  );
}

/** Always rendered (a live region must exist before it speaks). */
export function MergedWhileOpenNotice({ merge }: { merge: { to: string; title: string } | null }) {
  const title = userText(merge?.title);
  return (
    <div role="status" className="idea-merged-slot">
      {merge ? (
        <p className="banner banner-info idea-merged-notice">
          <Trans>
            This idea was merged into “{title}”. <Link to={merge.to}>Go to “{title}”</Link>
          </Trans>
        </p>
      ) : null}
    </div>
  );
}
