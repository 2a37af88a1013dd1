/** Which population the backing and participation tables split people by: a radio group
 * shown as a row of segments (arrow keys move between them). */
import { useLingui } from "@lingui/react/macro";
import { Label, Radio, RadioGroup } from "react-aria-components";

import type { Population } from "../gql/graphql";
import { isPopulation, POPULATIONS, populationName } from "./population";

export function PopulationSwitch({ value, onChange }: { value: Population; onChange(value: Population): void }) {
  const { t, i18n } = useLingui();
  return (
    <RadioGroup
      className="strategy-switch"
      orientation="horizontal"
      value={value}
      onChange={(next) => {
        if (isPopulation(next)) onChange(next);
      }}
    >
      <Label className="strategy-switch-label">{t`Split people by`}</Label>
      <div className="strategy-switch-options">
        {POPULATIONS.map((population) => (
          <Radio key={population} value={population} className="strategy-switch-option">
            {populationName(i18n, population)}
          </Radio>
        ))}
      </div>
    </RadioGroup>
  );
}
