/** Which people tools a console user sees for a member, and an invitation's state: pure, so
 * the rules are tested apart from the views. */
import type { GlobalRole, JamRole } from "../gql/graphql";

export type RoleAction = "makeModerator" | "removeModerator" | "grantAnalyst" | "removeAnalyst";

/** Administrators name and remove a jam's moderators and grant or take back the analyst role
 * (never of an administrator); moderators get none of these (the API refuses them). */
export function roleActions(viewerRole: GlobalRole | null | undefined, member: { role: JamRole; globalRole: GlobalRole }): RoleAction[] {
  if (viewerRole !== "ADMIN") return [];
  const actions: RoleAction[] = [member.role === "MODERATOR" ? "removeModerator" : "makeModerator"];
  if (member.globalRole === "MEMBER") actions.push("grantAnalyst");
  else if (member.globalRole === "ANALYST") actions.push("removeAnalyst");
  return actions;
}

export type InvitationState = "active" | "revoked" | "expired" | "usedUp";

export function invitationState(
  invitation: { revokedAt?: string | null; expiresAt?: string | null; uses: number; maxUses?: number | null },
  now: number,
): InvitationState {
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt && new Date(invitation.expiresAt).getTime() <= now) return "expired";
  if (invitation.maxUses !== null && invitation.maxUses !== undefined && invitation.uses >= invitation.maxUses) return "usedUp";
  return "active";
}

/** The API's bound on an invitation's uses. */
export const MAX_USES_LIMIT = 100_000;

/** The "maximum uses" field: empty is no limit (null), else a whole number from 1 to 100,000. */
export function parseMaxUses(text: string): number | null | "invalid" {
  const value = text.trim();
  if (value === "") return null;
  if (!/^\d+$/.test(value)) return "invalid";
  const count = Number(value);
  return count >= 1 && count <= MAX_USES_LIMIT ? count : "invalid";
}
