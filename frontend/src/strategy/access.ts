/** Who the strategy workspace is for: analysts, administrators and the jam's moderators, as
 * the API decides it (jam/access.py `may_analyse`). */
import type { GlobalRole } from "../gql/graphql";

export function mayAnalyse(role: GlobalRole | null | undefined, moderatesJam: boolean): boolean {
  return role === "ANALYST" || role === "ADMIN" || moderatesJam;
}
