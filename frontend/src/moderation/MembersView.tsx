/** The jam's members for its moderators: search (debounced), filters by role, kind and mute,
 * each member's details and mute, "Mute" (a dialog) and "Lift mute"; for administrators also
 * "Make moderator" / "Remove moderator" (confirmed) and the analyst role; and the jam's
 * invitation codes. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState } from "react";
import { Button, Checkbox, Input, Label, SearchField } from "react-aria-components";
import { useMutation } from "urql";

import { requestErrorMessage, userErrorMessage, type UserErrorLike } from "../app/errors";
import { FormAlert, Loading } from "../app/fields";
import { formatDateTime } from "../app/format";
import { useSession } from "../app/session";
import { userText } from "../app/userText";
import {
  LiftMuteDocument,
  ModerationAssignModeratorDocument,
  ModerationRemoveModeratorDocument,
  ModerationSetUserRoleDocument,
  ModerationMembersDocument,
  MuteMemberDocument,
  type AccountKind,
  type JamRole,
  type ModerationMembersQuery,
} from "../gql/graphql";
import { countryName } from "../profile/countries";
import { ConfirmDialog } from "./ConfirmDialog";
import { ALL, FilterSelect, LoadMore, RequestProblem } from "./controls";
import { InvitationsPanel } from "./InvitationsPanel";
import type { ModeratedJam } from "./ModerationPage";
import { MuteDialog, type MuteTarget } from "./MuteDialog";
import { problemsOf } from "./outcome";
import { isForbidden } from "./paging";
import { roleActions, type RoleAction } from "./people";
import { usePagedQuery } from "./usePagedQuery";

type Member = NonNullable<ModerationMembersQuery["jam"]>["members"]["nodes"][number];

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;
const SEARCH_MAX = 100;

interface MemberFilters {
  search: string;
  role: string;
  kind: string;
  muted: boolean;
}

export function MembersView({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [filters, setFilters] = useState<MemberFilters>({ search: "", role: ALL, kind: ALL, muted: false });
  const members = usePagedQuery({
    query: ModerationMembersDocument,
    variables: {
      slug: jam.slug,
      search: filters.search || null,
      role: filters.role === ALL ? null : (filters.role as JamRole),
      kind: filters.kind === ALL ? null : (filters.kind as AccountKind),
      muted: filters.muted ? true : null,
    },
    pick: (data) => data.jam?.members,
    nodesOf: (connection) => connection.nodes,
    keyOf: (member) => member.user.id,
    pageSize: PAGE_SIZE,
  });
  const onSearch = useCallback((search: string) => setFilters((previous) => ({ ...previous, search })), []);
  const [status, setStatus] = useState("");
  const [target, setTarget] = useState<MuteTarget | null>(null);
  const [muteErrors, setMuteErrors] = useState<readonly UserErrorLike[]>([]);
  const [muteFailure, setMuteFailure] = useState<string | null>(null);
  const [liftErrors, setLiftErrors] = useState<string[]>([]);
  const [{ fetching: muting }, mute] = useMutation(MuteMemberDocument);
  const [{ fetching: lifting }, lift] = useMutation(LiftMuteDocument);
  const { viewer } = useSession();
  const [roleProblems, setRoleProblems] = useState<string[]>([]);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [removeProblems, setRemoveProblems] = useState<string[]>([]);
  const [{ fetching: assigning }, assignModerator] = useMutation(ModerationAssignModeratorDocument);
  const [{ fetching: unassigning }, removeModerator] = useMutation(ModerationRemoveModeratorDocument);
  const [{ fetching: settingRole }, setUserRole] = useMutation(ModerationSetUserRoleDocument);
  const changingRole = assigning || unassigning || settingRole;

  async function changeRole(member: Member, action: RoleAction) {
    setRoleProblems([]);
    if (action === "removeModerator") {
      setRemoveProblems([]);
      setRemoving(member);
      return;
    }
    const name = member.user.displayName;
    if (action === "makeModerator") {
      const result = await assignModerator({ input: { jamId: jam.id, userId: member.user.id } });
      const problems = problemsOf(i18n, result.error, result.data?.assignModerator);
      if (problems.length > 0) return setRoleProblems(problems);
      setStatus(t`${name} is now a moderator of this jam.`);
    } else {
      const role = action === "grantAnalyst" ? "ANALYST" : "MEMBER";
      const result = await setUserRole({ input: { userId: member.user.id, role } });
      const problems = problemsOf(i18n, result.error, result.data?.setUserRole);
      if (problems.length > 0) return setRoleProblems(problems);
      setStatus(role === "ANALYST" ? t`${name} is now an analyst.` : t`${name} is no longer an analyst.`);
    }
    members.reload();
  }

  async function confirmRemove() {
    if (!removing) return;
    const result = await removeModerator({ input: { jamId: jam.id, userId: removing.user.id } });
    const problems = problemsOf(i18n, result.error, result.data?.removeModerator);
    if (problems.length > 0) {
      setRemoveProblems(problems);
      return;
    }
    const name = removing.user.displayName;
    setRemoving(null);
    setStatus(t`${name} is no longer a moderator of this jam; their coming shifts are cancelled.`);
    members.reload();
  }

  async function confirmMute(minutes: number, reason: string) {
    if (!target) return;
    const result = await mute({ input: { jamId: jam.id, userId: target.userId, minutes, reason } });
    const payload = result.data?.muteMember;
    if (!payload) {
      setMuteFailure(result.error ? requestErrorMessage(i18n, result.error) : t`Something went wrong on our side. Try again.`);
      return;
    }
    if (payload.errors.length > 0 || !payload.mute) {
      setMuteErrors(payload.errors);
      return;
    }
    const name = target.name;
    const until = formatDateTime(i18n.locale, payload.mute.endsAt);
    setTarget(null);
    setStatus(t`${name} is muted until ${until}.`);
    members.reload();
  }

  async function liftMute(member: Member) {
    setLiftErrors([]);
    const result = await lift({ input: { jamId: jam.id, userId: member.user.id } });
    const payload = result.data?.liftMute;
    if (!payload) {
      setLiftErrors([result.error ? requestErrorMessage(i18n, result.error) : t`Something went wrong on our side. Try again.`]);
      return;
    }
    if (payload.errors.length > 0) {
      setLiftErrors(payload.errors.map((error) => userErrorMessage(i18n, error)));
      return;
    }
    const name = member.user.displayName;
    setStatus(t`The mute of ${name} is lifted.`);
    members.reload();
  }

  return (
    <section aria-labelledby="moderation-members-heading" className="moderation-section-body">
      <h2 id="moderation-members-heading" className="moderation-heading">
        {members.loading ? (
          <Trans>Members</Trans>
        ) : (
          <Plural value={members.totalCount} _0="No members found" one="# member" other="# members" />
        )}
      </h2>
      <div className="moderation-filters" role="search" aria-label={t`Find members`}>
        <MemberSearch search={filters.search} onSearch={onSearch} />
        <FilterSelect
          label={t`Role`}
          value={filters.role}
          choices={[
            { id: ALL, label: t`All roles` },
            { id: "PARTICIPANT", label: t`Participants` },
            { id: "MODERATOR", label: t`Moderators` },
          ]}
          onChange={(role) => setFilters((previous) => ({ ...previous, role }))}
        />
        <FilterSelect
          label={t`Account`}
          value={filters.kind}
          choices={[
            { id: ALL, label: t`Employees and guests` },
            { id: "EMPLOYEE", label: t`Employees` },
            { id: "GUEST", label: t`Guests` },
          ]}
          onChange={(kind) => setFilters((previous) => ({ ...previous, kind }))}
        />
        <Checkbox
          className="moderation-checkbox moderation-muted-only"
          isSelected={filters.muted}
          onChange={(muted) => setFilters((previous) => ({ ...previous, muted }))}
        >
          <span className="moderation-checkbox-box" aria-hidden="true" />
          <Trans>Muted only</Trans>
        </Checkbox>
      </div>
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      <FormAlert messages={liftErrors} />
      <FormAlert messages={roleProblems} />
      {isForbidden(members.error) ? (
        <p role="alert" className="banner banner-info">
          <Trans>Only this jam's moderators can see this.</Trans>
        </p>
      ) : members.error && members.nodes.length === 0 ? (
        <RequestProblem error={members.error} onRetry={members.reload} />
      ) : members.loading ? (
        <Loading />
      ) : members.nodes.length === 0 ? (
        <p className="empty">
          <Trans>No members match these filters.</Trans>
        </p>
      ) : (
        <>
          <ul className="moderation-list">
            {members.nodes.map((member) => (
              <li key={member.user.id}>
                <MemberCard
                  member={member}
                  roleActions={roleActions(viewer?.role, { role: member.role, globalRole: member.user.role })}
                  changingRole={changingRole}
                  onRoleAction={(action) => void changeRole(member, action)}
                  busy={lifting}
                  onMute={() => {
                    setMuteErrors([]);
                    setMuteFailure(null);
                    setTarget({ userId: member.user.id, name: member.user.displayName });
                  }}
                  onLift={() => void liftMute(member)}
                />
              </li>
            ))}
          </ul>
          {members.error ? <RequestProblem error={members.error} onRetry={members.reload} /> : null}
          {members.hasNextPage ? (
            <LoadMore shown={members.nodes.length} total={members.totalCount} busy={members.loadingMore} onPress={members.loadMore} />
          ) : null}
        </>
      )}
      <ConfirmDialog
        isOpen={removing !== null}
        title={t`Remove this moderator?`}
        action={t`Remove moderator`}
        busy={unassigning}
        errors={removeProblems}
        onCancel={() => setRemoving(null)}
        onConfirm={() => void confirmRemove()}
      >
        {removing ? <RemoveExplanation name={removing.user.displayName} /> : null}
      </ConfirmDialog>
      <InvitationsPanel jam={jam} />
      <MuteDialog
        target={target}
        busy={muting}
        errors={muteErrors}
        failure={muteFailure}
        onCancel={() => setTarget(null)}
        onConfirm={(minutes, reason) => void confirmMute(minutes, reason)}
      />
    </section>
  );
}

/** The search text, sent 300 ms after the last keystroke (or on Enter). */
function MemberSearch({ search, onSearch }: { search: string; onSearch(search: string): void }) {
  const { t } = useLingui();
  const [text, setText] = useState(search);
  useEffect(() => {
    if (text.trim() === search) return;
    const timer = setTimeout(() => onSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, search, onSearch]);
  return (
    <SearchField className="moderation-search" value={text} onChange={setText} onSubmit={() => onSearch(text.trim())} maxLength={SEARCH_MAX}>
      <Label>{t`Search members`}</Label>
      <div className="moderation-search-box">
        <Input className="moderation-search-input" />
        <Button className="button button-quiet moderation-search-clear" aria-label={t`Clear search`}>
          <span aria-hidden="true">×</span>
        </Button>
      </div>
    </SearchField>
  );
}

function RemoveExplanation({ name: displayName }: { name: string }) {
  const name = userText(displayName);
  return (
    <p>
      <Trans>
        {name} becomes a participant again. Their shifts yet to come are cancelled, and a shift they are on now ends at once.
      </Trans>
    </p>
  );
}

interface MemberCardProps {
  member: Member;
  roleActions: readonly RoleAction[];
  changingRole: boolean;
  onRoleAction(action: RoleAction): void;
  busy: boolean;
  onMute(): void;
  onLift(): void;
}

function MemberCard({ member, roleActions: actions, changingRole, onRoleAction, busy, onMute, onLift }: MemberCardProps) {
  const { t, i18n } = useLingui();
  const displayName = member.user.displayName;
  const name = userText(displayName);
  const joined = formatDateTime(i18n.locale, member.joinedAt);
  const mute = member.mute;
  return (
    <article className="card moderation-member" aria-label={displayName}>
      <div className="row moderation-member-head">
        <h3 className="moderation-member-name">{displayName}</h3>
        <span className="tag">{member.role === "MODERATOR" ? t`Moderator` : t`Participant`}</span>
        <span className="tag">{member.user.kind === "GUEST" ? t`Guest` : t`Employee`}</span>
        {member.user.role === "ANALYST" ? <span className="tag">{t`Analyst`}</span> : null}
        {member.user.role === "ADMIN" ? <span className="tag">{t`Administrator`}</span> : null}
        {mute ? <span className="badge moderation-hidden">{t`Muted`}</span> : null}
      </div>
      <dl className="moderation-facts">
        <div>
          <dt>{t`Unit`}</dt>
          <dd>{member.orgUnit || "—"}</dd>
        </div>
        <div>
          <dt>{t`Country`}</dt>
          <dd>{member.country ? countryName(i18n.locale, member.country) : "—"}</dd>
        </div>
        <div>
          <dt>{t`Joined`}</dt>
          <dd>{joined}</dd>
        </div>
      </dl>
      {mute ? <MuteStatus endsAt={mute.endsAt} reason={mute.reason} /> : null}
      <div className="row">
        {mute ? (
          <Button className="button" onPress={onLift} isDisabled={busy}>
            <Trans>
              Lift mute<span className="visually-hidden">: {name}</span>
            </Trans>
          </Button>
        ) : (
          <Button className="button" onPress={onMute}>
            <Trans>
              Mute<span className="visually-hidden">: {name}</span>
            </Trans>
          </Button>
        )}
        {actions.map((action) => (
          <Button key={action} className="button" onPress={() => onRoleAction(action)} isDisabled={changingRole}>
            <RoleActionLabel action={action} name={displayName} />
          </Button>
        ))}
      </div>
    </article>
  );
}

function MuteStatus({ endsAt, reason: why }: { endsAt: string; reason: string }) {
  const { i18n } = useLingui();
  const until = formatDateTime(i18n.locale, endsAt);
  const reason = userText(why);
  return (
    <p className="moderation-mute">
      <Trans>
        Muted until {until}: {reason}
      </Trans>
    </p>
  );
}

function RoleActionLabel({ action, name: displayName }: { action: RoleAction; name: string }) {
  const name = userText(displayName);
  switch (action) {
    case "makeModerator":
      return (
        <Trans>
          Make moderator<span className="visually-hidden">: {name}</span>
        </Trans>
      );
    case "removeModerator":
      return (
        <Trans>
          Remove moderator<span className="visually-hidden">: {name}</span>
        </Trans>
      );
    case "grantAnalyst":
      return (
        <Trans>
          Grant analyst<span className="visually-hidden">: {name}</span>
        </Trans>
      );
    case "removeAnalyst":
      return (
        <Trans>
          Remove analyst<span className="visually-hidden">: {name}</span>
        </Trans>
      );
  }
}
