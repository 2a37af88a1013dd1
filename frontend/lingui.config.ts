import { defineConfig } from "@lingui/cli";
import { formatter } from "@lingui/format-po";

// One catalog per area of the UI, so each area's messages live beside its code. `npm run
// messages` extracts them; the build compiles them with --strict, which fails on any message
// missing a Spanish or French translation.
const areas: Record<string, string[]> = {
  app: ["app"],
  auth: ["auth"],
  jam: ["participant/jam", "participant/live"],
  forum: ["participant/forum"],
  idea: ["participant/idea"],
  themes: ["themes"],
  moderation: ["moderation"],
  notifications: ["notifications"],
  profile: ["profile"],
  merge: ["participant/merge"],
  strategy: ["strategy"],
};

export default defineConfig({
  sourceLocale: "en",
  locales: ["en", "es", "fr"],
  fallbackLocales: { default: "en" },
  format: formatter({ lineNumbers: false }),
  catalogs: Object.entries(areas).map(([area, folders]) => ({
    path: `<rootDir>/src/locales/${area}/{locale}`,
    include: folders.map((folder) => `<rootDir>/src/${folder}`),
  })),
  compileNamespace: "ts",
});
