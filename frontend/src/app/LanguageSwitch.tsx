import { useLingui } from "@lingui/react/macro";
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from "react-aria-components";

import { activateLocale, isLocale, LOCALES } from "./i18n";

export function LanguageSwitch() {
  const { i18n, t } = useLingui();
  return (
    <Select
      className="language-switch"
      selectedKey={i18n.locale}
      onSelectionChange={(key) => {
        if (typeof key === "string" && isLocale(key)) void activateLocale(key);
      }}
    >
      <Label className="visually-hidden">{t`Language`}</Label>
      <Button className="button button-quiet">
        <SelectValue />
        <span aria-hidden="true"> ▾</span>
      </Button>
      <Popover>
        <ListBox className="menu">
          {Object.entries(LOCALES).map(([code, name]) => (
            <ListBoxItem key={code} id={code} className="menu-item" lang={code}>
              {name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
