/** A shift's page (`…/moderate/shifts/:shiftId`): at the top the hand-off from the shift
 * before (its open items first, then its notes), then the shift itself and its own journal,
 * with "Add to journal" and "Close" on open items. Changes arrive live. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../app/connection";
import { FormAlert, Loading } from "../app/fields";
import { formatDateTime } from "../app/format";
import { userText } from "../app/userText";
import { ModerationCloseJournalEntryDocument, ModerationShiftDocument, type ModerationShiftQuery } from "../gql/graphql";
import { RequestProblem } from "./controls";
import { JournalEntryCard, type JournalEntry } from "./JournalEntryCard";
import { JournalEntryForm } from "./JournalEntryForm";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { formatPeriod, openFirst, shiftPhase } from "./shifts";
import { ShiftForums } from "./ShiftSummary";
import { useModerationActivity } from "./useModerationActivity";
import { useNow } from "./useNow";
import { useReloadSoon } from "./useReloadSoon";

type ShiftDetails = NonNullable<ModerationShiftQuery["shift"]>;
type HandOff = NonNullable<ShiftDetails["handOff"]>;

export function ShiftPage({ jam }: { jam: ModeratedJam }) {
  const { shiftId = "" } = useParams();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ModerationShiftDocument,
    variables: { id: shiftId },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const reloadSoon = useReloadSoon(reload);
  useModerationActivity(jam.id, (event) => {
    if (event.__typename === "ShiftsChanged") reloadSoon();
  });
  useEffect(() => onReconnected(reload), [reload]);

  const back = (
    <p>
      <Link to={`/jams/${encodeURIComponent(jam.slug)}/moderate/shifts`}>
        <Trans>All shifts</Trans>
      </Link>
    </p>
  );
  let content: ReactNode;
  if (isForbidden(error)) {
    content = (
      <p role="alert" className="banner banner-info">
        <Trans>Only this jam's moderators can see this.</Trans>
      </p>
    );
  } else if (data?.shift) {
    content = <ShiftDetailsView shift={data.shift} slug={jam.slug} onChanged={reload} />;
  } else if (error && !data) {
    content = <RequestProblem error={error} onRetry={reload} />;
  } else if (!data || fetching) {
    content = <Loading />;
  } else {
    content = (
      <p className="empty">
        <Trans>This shift does not exist (it may have been deleted).</Trans>
      </p>
    );
  }
  return (
    <section aria-labelledby="moderation-shift-heading" className="moderation-section-body">
      {back}
      {content}
    </section>
  );
}

function ShiftDetailsView({ shift, slug, onChanged }: { shift: ShiftDetails; slug: string; onChanged(): void }) {
  const { t, i18n } = useLingui();
  const now = useNow();
  const [status, setStatus] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [{ fetching: closing }, closeEntry] = useMutation(ModerationCloseJournalEntryDocument);
  const displayName = shift.user.displayName;
  const name = userText(displayName);
  const period = formatPeriod(i18n.locale, shift.startsAt, shift.endsAt);
  const phase = shiftPhase(shift, now);
  const planner = shift.createdBy.displayName;

  async function close(entry: JournalEntry) {
    setProblems([]);
    const result = await closeEntry({ input: { entryId: entry.id } });
    const found = problemsOf(i18n, result.error, result.data?.closeJournalEntry);
    if (found.length > 0) {
      setProblems(found);
      return;
    }
    setStatus(t`The item is closed.`);
    onChanged();
  }

  return (
    <>
      <h2 id="moderation-shift-heading" className="moderation-heading">
        <Trans>
          Shift of {name}: {period}
        </Trans>
      </h2>
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      <FormAlert messages={problems} />
      {shift.handOff ? (
        <HandOffPart handOff={shift.handOff} slug={slug} busy={closing} onClose={(entry) => void close(entry)} />
      ) : (
        <p className="muted">
          <Trans>No shift came before this one: there is no hand-off.</Trans>
        </p>
      )}
      <section aria-labelledby="moderation-shift-facts-heading" className="moderation-merge-part">
        <h3 id="moderation-shift-facts-heading" className="moderation-subheading">
          <Trans>This shift</Trans>
        </h3>
        <dl className="moderation-facts">
          <div>
            <dt>{t`On duty`}</dt>
            <dd>{displayName}</dd>
          </div>
          <div>
            <dt>{t`When`}</dt>
            <dd>{period}</dd>
          </div>
          <div>
            <dt>{t`Forums`}</dt>
            <dd>
              <ShiftForums shift={shift} />
            </dd>
          </div>
          <div>
            <dt>{t`Status`}</dt>
            <dd>{phase === "running" ? t`On duty now` : phase === "over" ? t`Over` : t`Planned`}</dd>
          </div>
          <div>
            <dt>{t`Planned by`}</dt>
            <dd>{planner}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="moderation-journal-heading" className="moderation-merge-part">
        <h3 id="moderation-journal-heading" className="moderation-subheading">
          <Trans>Journal</Trans>
        </h3>
        {shift.journal.length === 0 ? (
          <p className="empty">
            <Trans>Nothing is written in this shift's journal yet.</Trans>
          </p>
        ) : (
          <ol className="moderation-list">
            {shift.journal.map((entry) => (
              <li key={entry.id}>
                <JournalEntryCard entry={entry} slug={slug} busy={closing} onClose={() => void close(entry)} />
              </li>
            ))}
          </ol>
        )}
        <section aria-labelledby="moderation-journal-add-heading" className="card moderation-composer moderation-journal-add">
          <h4 id="moderation-journal-add-heading" className="moderation-subheading">
            <Trans>Add to the journal</Trans>
          </h4>
          <JournalEntryForm
            shiftId={shift.id}
            slug={slug}
            onAdded={(message) => {
              setStatus(message);
              onChanged();
            }}
          />
        </section>
      </section>
    </>
  );
}

function HandOffPart({ handOff, slug, busy, onClose }: { handOff: HandOff; slug: string; busy: boolean; onClose(entry: JournalEntry): void }) {
  const { t, i18n } = useLingui();
  const from = userText(handOff.fromShift.user.displayName);
  const ended = formatDateTime(i18n.locale, handOff.fromShift.endsAt);
  const entries = openFirst(handOff.entries);
  const count = handOff.openCount;
  const open = entries.filter((entry) => entry.open);
  const rest = entries.filter((entry) => !entry.open);
  return (
    <section aria-labelledby="moderation-handoff-heading" className="card moderation-handoff">
      <h3 id="moderation-handoff-heading" className="moderation-subheading">
        <Trans>
          Hand-off: from {from}'s shift, ended {ended}
        </Trans>
      </h3>
      <p className="moderation-handoff-count">
        <Plural value={count} _0="No open items." one="# open item" other="# open items" />
      </p>
      {entries.length === 0 ? (
        <p className="empty">
          <Trans>The shift before left nothing in its journal.</Trans>
        </p>
      ) : (
        <>
          {open.length > 0 ? (
            <ol className="moderation-list" aria-label={t`Open items`}>
              {open.map((entry) => (
                <li key={entry.id}>
                  <JournalEntryCard entry={entry} slug={slug} busy={busy} onClose={() => onClose(entry)} />
                </li>
              ))}
            </ol>
          ) : null}
          {rest.length > 0 ? (
            <>
              <h4 className="moderation-handoff-notes">
                <Trans>Notes and closed items</Trans>
              </h4>
              <ol className="moderation-list">
                {rest.map((entry) => (
                  <li key={entry.id}>
                    <JournalEntryCard entry={entry} slug={slug} busy={busy} onClose={() => onClose(entry)} />
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
