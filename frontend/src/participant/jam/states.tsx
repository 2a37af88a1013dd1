/** The states a jam page can be in besides showing the jam: its request failed (say why, in
 * the person's language, with a way to try again). */
import { useLingui } from "@lingui/react/macro";
import { Button } from "react-aria-components";
import type { CombinedError } from "urql";

import { requestErrorMessage } from "../../app/errors";

export function RequestFailed({ error, onRetry }: { error: CombinedError; onRetry: () => void }) {
  const { t, i18n } = useLingui();
  return (
    <div role="alert" className="banner banner-error jam-failed">
      <p>{requestErrorMessage(i18n, error)}</p>
      <Button className="button" onPress={onRetry}>
        {t`Retry`}
      </Button>
    </div>
  );
}
