/** On the queue, for a moderator on duty now: "Your shift: hand-off from <name> — N open
 * items", a link to their shift's page. Nothing for anyone else. */
import { Plural, Trans } from "@lingui/react/macro";
import { useCallback, useEffect } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { onReconnected } from "../app/connection";
import { useSession } from "../app/session";
import { userText } from "../app/userText";
import { ModerationYourShiftDocument } from "../gql/graphql";
import type { ModeratedJam } from "./ModerationPage";
import { shiftPath } from "./ShiftSummary";
import { useModerationActivity } from "./useModerationActivity";
import { useReloadSoon } from "./useReloadSoon";

export function YourShift({ jam }: { jam: ModeratedJam }) {
  const { viewer } = useSession();
  const [{ data }, reexecute] = useQuery({
    query: ModerationYourShiftDocument,
    variables: { jamId: jam.id },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const reloadSoon = useReloadSoon(reload);
  useModerationActivity(jam.id, (event) => {
    if (event.__typename === "ShiftsChanged") reloadSoon();
  });
  useEffect(() => onReconnected(reload), [reload]);

  const shift = data?.onDuty.find((candidate) => candidate.user.id === viewer?.id);
  if (!shift) return null;
  const handOff = shift.handOff;
  const from = userText(handOff?.fromShift.user.displayName);
  const count = handOff?.openCount ?? 0;
  return (
    <p className="moderation-your-shift">
      <Link to={shiftPath(jam.slug, shift.id)}>
        {handOff ? (
          <Plural
            value={count}
            _0={`Your shift: hand-off from ${from} — no open items`}
            one={`Your shift: hand-off from ${from} — # open item`}
            other={`Your shift: hand-off from ${from} — # open items`}
          />
        ) : (
          <Trans>Your shift: no hand-off from a shift before</Trans>
        )}
      </Link>
    </p>
  );
}
