/** Change one's display name, organisational unit and country (a combo box over every
 * country, named in the viewer's language). Empty unit or country clears it. */
import { useLingui } from "@lingui/react/macro";
import { useMemo, useState } from "react";
import { Button, ComboBox, FieldError, Form, Input, Label, ListBox, ListBoxItem, Popover, Text } from "react-aria-components";
import { useMutation } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../app/errors";
import { FormAlert, TextInput } from "../app/fields";
import { UpdateProfileDocument, type ViewerProfileQuery } from "../gql/graphql";
import { countryList, knownCountry } from "./countries";

type Profile = NonNullable<ViewerProfileQuery["profile"]>;

const FIELDS = ["displayName", "orgUnit", "country"];
const NAME_MAX = 100;
const UNIT_MAX = 100;

export function ProfileForm({ profile }: { profile: Profile }) {
  const { t, i18n } = useLingui();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [orgUnit, setOrgUnit] = useState(profile.orgUnit ?? "");
  const [country, setCountry] = useState(knownCountry(profile.country));
  const [refusals, setRefusals] = useState<readonly UserErrorLike[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState("");
  const [{ fetching: saving }, updateProfile] = useMutation(UpdateProfileDocument);

  async function save() {
    setRefusals([]);
    setProblems([]);
    setStatus("");
    const result = await updateProfile({ input: { displayName: displayName.trim(), orgUnit: orgUnit.trim(), country } });
    const payload = result.data?.updateProfile;
    if (!payload) {
      setProblems([result.error ? requestErrorMessage(i18n, result.error) : t`Something went wrong on our side. Try again.`]);
      return;
    }
    if (payload.errors.length > 0 || !payload.profile) {
      setRefusals(payload.errors);
      setProblems(formErrors(i18n, payload.errors, FIELDS));
      return;
    }
    setDisplayName(payload.profile.displayName);
    setOrgUnit(payload.profile.orgUnit ?? "");
    setCountry(knownCountry(payload.profile.country));
    setStatus(t`Your profile is saved.`);
  }

  return (
    <Form
      className="profile-form"
      validationErrors={fieldErrors(i18n, refusals, FIELDS)}
      onSubmit={(event) => {
        event.preventDefault();
        if (!saving) void save();
      }}
    >
      <FormAlert messages={problems} />
      <TextInput
        label={t`Display name`}
        name="displayName"
        isRequired
        value={displayName}
        onChange={setDisplayName}
        maxLength={NAME_MAX}
        description={t`Shown beside your ideas and comments.`}
        validate={(value) => (value.trim() === "" ? t`Enter the name others see.` : null)}
      />
      <TextInput
        label={t`Organisational unit`}
        name="orgUnit"
        value={orgUnit}
        onChange={setOrgUnit}
        maxLength={UNIT_MAX}
        counter
        description={t`Optional. Leave empty to clear it.`}
      />
      <CountryField value={country} onChange={setCountry} />
      <div role="status">{status ? <p className="banner banner-info">{status}</p> : null}</div>
      <Button type="submit" className="button button-primary" isDisabled={saving}>
        {saving ? t`Saving…` : t`Save`}
      </Button>
    </Form>
  );
}

/** A combo box over every country: type to filter; empty it to clear the country. */
function CountryField({ value, onChange }: { value: string; onChange(code: string): void }) {
  const { t, i18n } = useLingui();
  const countries = useMemo(() => countryList(i18n.locale), [i18n.locale]);
  return (
    <ComboBox
      className="field profile-country"
      name="country"
      items={countries}
      selectedKey={value === "" ? null : value}
      onSelectionChange={(key) => onChange(key === null ? "" : String(key))}
      onInputChange={(text) => {
        if (text.trim() === "") onChange("");
      }}
      menuTrigger="focus"
    >
      <Label>{t`Country`}</Label>
      <div className="profile-combo">
        <Input className="profile-combo-input" />
        <Button className="button button-quiet profile-combo-button" aria-label={t`Show countries`}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <Text slot="description" className="profile-description">
        {t`Optional. Type to find your country; empty the field to clear it.`}
      </Text>
      <FieldError className="field-error" />
      <Popover className="profile-popover">
        <ListBox className="menu profile-country-list">
          {(country: { code: string; name: string }) => (
            <ListBoxItem id={country.code} className="menu-item" textValue={country.name}>
              {country.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
