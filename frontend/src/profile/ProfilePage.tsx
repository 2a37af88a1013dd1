/** The viewer's profile (`/profile`): display name, organisational unit and country, and why
 * the unit and country are asked for. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useQuery } from "urql";

import { requestErrorMessage } from "../app/errors";
import { Loading } from "../app/fields";
import { PageTitle } from "../app/PageTitle";
import { ViewerProfileDocument } from "../gql/graphql";
import { ProfileForm } from "./ProfileForm";
import "./profile.css";

export function ProfilePage() {
  const { t, i18n } = useLingui();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ViewerProfileDocument, requestPolicy: "cache-and-network" });
  const profile = data?.profile;
  return (
    <div className="narrow profile-page">
      <PageTitle title={t`Your profile`} />
      <p className="profile-why">
        <Trans>
          Strategy teams see how ideas connect units and countries; only moderators and analysts see your unit and country, never
          beside your name in public.
        </Trans>
      </p>
      {profile ? (
        <ProfileForm profile={profile} />
      ) : error && !data ? (
        <div role="alert" className="banner banner-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <button type="button" className="button" onClick={() => reexecute({ requestPolicy: "network-only" })}>
            {t`Retry`}
          </button>
        </div>
      ) : !data || fetching ? (
        <Loading />
      ) : (
        <p className="banner banner-info">
          <Trans>Sign in to see your profile.</Trans>
        </p>
      )}
    </div>
  );
}
