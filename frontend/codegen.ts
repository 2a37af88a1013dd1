import type { CodegenConfig } from "@graphql-codegen/cli";

// Types and typed documents for every operation the UI sends. The operations live beside the
// SDL in graphql/operations/ (the API contract reviewers read); src/gql/ is generated, never
// edited, never committed.
const config: CodegenConfig = {
  schema: "../graphql/schema.graphql",
  documents: "../graphql/operations/*.graphql",
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", Date: "string" },
      },
    },
    // The schema's shape for graphcache (unions, interfaces, which types have ids).
    "src/gql/introspection.ts": {
      plugins: ["urql-introspection"],
      config: { module: "es2015", useTypeImports: true, includeScalars: true },
    },
  },
};

export default config;
