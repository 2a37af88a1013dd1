/** Shifts: who is on duty now, the rota (the past week and the month ahead, by day) with
 * "Edit" and "Delete" for shifts not started, and "Plan a shift". Other moderators' changes
 * arrive live. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Button, Dialog, Heading } from "react-aria-components";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../app/connection";
import { Loading } from "../app/fields";
import { formatDateTime } from "../app/format";
import { userText } from "../app/userText";
import { ModerationDeleteShiftDocument, ModerationShiftsDocument } from "../gql/graphql";
import { ConfirmDialog } from "./ConfirmDialog";
import { RequestProblem } from "./controls";
import type { ModeratedJam } from "./ModerationPage";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { ShiftForm, type Moderator, type Shift } from "./ShiftForm";
import { explainShiftRefusal } from "./shiftMessages";
import { formatDay, formatPeriod, groupByDay, isEditable, rotaWindow } from "./shifts";
import { shiftPath, ShiftForums, ShiftSummary } from "./ShiftSummary";
import { useModerationActivity } from "./useModerationActivity";
import { useNow } from "./useNow";
import { useReloadSoon } from "./useReloadSoon";
import { ModerationModal } from "./ModerationModal";

export function ShiftsView({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [span] = useState(() => rotaWindow(Date.now()));
  const [{ data, error }, reexecute] = useQuery({
    query: ModerationShiftsDocument,
    variables: { slug: jam.slug, jamId: jam.id, from: span.from, to: span.to },
    requestPolicy: "cache-and-network",
  });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const reloadSoon = useReloadSoon(reload);
  useModerationActivity(jam.id, (event) => {
    if (event.__typename === "ShiftsChanged") reloadSoon();
  });
  useEffect(() => onReconnected(reload), [reload]);
  const now = useNow();

  const [status, setStatus] = useState("");
  const [editing, setEditing] = useState<Shift | null>(null);
  const [deleting, setDeleting] = useState<Shift | null>(null);
  const [deleteProblems, setDeleteProblems] = useState<string[]>([]);
  const [{ fetching: removing }, deleteShift] = useMutation(ModerationDeleteShiftDocument);

  function saved(message: string) {
    setEditing(null);
    setStatus(message);
    reload();
  }

  async function confirmDelete() {
    if (!deleting) return;
    const result = await deleteShift({ input: { shiftId: deleting.id } });
    const problems = problemsOf(i18n, result.error, result.data?.deleteShift, (refusal) => explainShiftRefusal(i18n, refusal));
    if (problems.length > 0) {
      setDeleteProblems(problems);
      reload();
      return;
    }
    const name = deleting.user.displayName;
    setDeleting(null);
    setStatus(t`The shift of ${name} is deleted.`);
    reload();
  }

  const moderators: readonly Moderator[] = data?.jam?.moderators ?? [];
  const problem = isForbidden(error) ? (
    <p role="alert" className="banner banner-info">
      <Trans>Only this jam's moderators can see this.</Trans>
    </p>
  ) : error && !data ? (
    <RequestProblem error={error} onRetry={reload} />
  ) : !data ? (
    <Loading />
  ) : null;
  return (
    <section aria-labelledby="moderation-shifts-heading" className="moderation-section-body">
      <h2 id="moderation-shifts-heading" className="moderation-heading">
        <Trans>Shifts</Trans>
      </h2>
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      {problem ?? (
        <>
          <OnDutyNow shifts={data?.onDuty ?? []} slug={jam.slug} />
          <Rota
            shifts={data?.shifts ?? []}
            slug={jam.slug}
            now={now}
            onEdit={setEditing}
            onDelete={(shift) => {
              setDeleteProblems([]);
              setDeleting(shift);
            }}
          />
          <section aria-labelledby="moderation-plan-heading" className="card moderation-composer">
            <h3 id="moderation-plan-heading" className="moderation-subheading">
              <Trans>Plan a shift</Trans>
            </h3>
            <ShiftForm jam={jam} moderators={moderators} shift={null} onSaved={saved} />
          </section>
        </>
      )}
      <ModerationModal isOpen={editing !== null} onCancel={() => setEditing(null)}>
        <Dialog className="moderation-dialog">
          <Heading slot="title" className="moderation-dialog-title">
            {t`Change this shift`}
          </Heading>
          {editing ? <ShiftForm jam={jam} moderators={moderators} shift={editing} onSaved={saved} onCancel={() => setEditing(null)} /> : null}
        </Dialog>
      </ModerationModal>
      <ConfirmDialog
        isOpen={deleting !== null}
        title={t`Delete this shift?`}
        action={t`Delete shift`}
        busy={removing}
        errors={deleteProblems}
        onCancel={() => setDeleting(null)}
        onConfirm={() => void confirmDelete()}
      >
        {deleting ? <DeleteExplanation shift={deleting} /> : null}
      </ConfirmDialog>
    </section>
  );
}

function OnDutyNow({ shifts, slug }: { shifts: readonly Shift[]; slug: string }) {
  const { i18n } = useLingui();
  return (
    <section aria-labelledby="moderation-on-duty-heading" className="moderation-merge-part">
      <h3 id="moderation-on-duty-heading" className="moderation-subheading">
        <Trans>On duty now</Trans>
      </h3>
      {shifts.length === 0 ? (
        <p className="empty">
          <Trans>Nobody is on duty right now.</Trans>
        </p>
      ) : (
        <ul className="moderation-list">
          {shifts.map((shift) => {
            const name = userText(shift.user.displayName);
            const until = formatDateTime(i18n.locale, shift.endsAt);
            return (
              <li key={shift.id} className="card moderation-on-duty">
                <p className="moderation-shift-line">
                  <ShiftLink slug={slug} shift={shift}>
                    <Trans>
                      {name}, until {until}
                    </Trans>
                  </ShiftLink>
                </p>
                <p className="muted moderation-shift-forums">
                  <ShiftForums shift={shift} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ShiftLink({ slug, shift, children }: { slug: string; shift: Shift; children: ReactNode }) {
  return (
    <Link to={shiftPath(slug, shift.id)} className="moderation-shift-link">
      {children}
    </Link>
  );
}

interface RotaProps {
  shifts: readonly Shift[];
  slug: string;
  now: number;
  onEdit(shift: Shift): void;
  onDelete(shift: Shift): void;
}

function Rota({ shifts, slug, now, onEdit, onDelete }: RotaProps) {
  const { t, i18n } = useLingui();
  const days = groupByDay(shifts);
  return (
    <section aria-labelledby="moderation-rota-heading" className="moderation-merge-part">
      <h3 id="moderation-rota-heading" className="moderation-subheading">
        <Trans>Rota: the past week and the month ahead</Trans>
      </h3>
      {days.length === 0 ? (
        <p className="empty">
          <Trans>No shifts are planned.</Trans>
        </p>
      ) : (
        <ol className="moderation-rota">
          {days.map((day) => (
            <li key={day.day}>
              <h4 className="moderation-rota-day">{formatDay(i18n.locale, day.day)}</h4>
              <ul className="moderation-list">
                {day.shifts.map((shift) => {
                  const name = userText(shift.user.displayName);
                  return (
                    <li key={shift.id} className="card moderation-shift">
                      <ShiftSummary shift={shift} slug={slug} now={now} />
                      {isEditable(shift, now) ? (
                        <div className="row">
                          <Button className="button" onPress={() => onEdit(shift)}>
                            <Trans>
                              Edit<span className="visually-hidden">: the shift of {name}</span>
                            </Trans>
                          </Button>
                          <Button className="button" onPress={() => onDelete(shift)}>
                            <Trans>
                              Delete<span className="visually-hidden">: the shift of {name}</span>
                            </Trans>
                          </Button>
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      )}
      <p className="muted moderation-hint">{t`Shifts that have started can no longer be moved or deleted.`}</p>
    </section>
  );
}

function DeleteExplanation({ shift }: { shift: Shift }) {
  const { i18n } = useLingui();
  const name = userText(shift.user.displayName);
  const period = formatPeriod(i18n.locale, shift.startsAt, shift.endsAt);
  return (
    <p>
      <Trans>
        The shift of {name} ({period}) is cancelled, with its journal.
      </Trans>
    </p>
  );
}
