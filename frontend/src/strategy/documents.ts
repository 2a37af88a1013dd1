/** The workspace's typed documents, one per operation of graphql/operations/strategy.graphql.
 *
 * The other areas import the documents codegen writes into src/gql/graphql.ts; that module is
 * shared by every page, so all its documents travel in the participant's first download,
 * which is close to its budget. These are read from the operations file itself (as text, into
 * the workspace's own lazy chunk) and typed with the generated result and variable types: the
 * same operations, the same types, loaded only with the workspace. */
import { createRequest, type TypedDocumentNode } from "urql";

import source from "../../../graphql/operations/strategy.graphql?raw";
import type {
  StrategyActivitySubscription,
  StrategyActivitySubscriptionVariables,
  StrategyAnalyseOpinionsMutation,
  StrategyAnalyseOpinionsMutationVariables,
  StrategyBackingQuery,
  StrategyBackingQueryVariables,
  StrategyHistoryQuery,
  StrategyHistoryQueryVariables,
  StrategyJamQuery,
  StrategyJamQueryVariables,
  StrategyJobQuery,
  StrategyJobQueryVariables,
  StrategyOpinionsQuery,
  StrategyOpinionsQueryVariables,
  StrategyPopulationQuery,
  StrategyPopulationQueryVariables,
  StrategyPrepareExportMutation,
  StrategyPrepareExportMutationVariables,
  StrategyTeamsQuery,
  StrategyTeamsQueryVariables,
  StrategyThemeQuery,
  StrategyThemeQueryVariables,
  StrategyThemesQuery,
  StrategyThemesQueryVariables,
} from "../gql/graphql";

/** The top-level definitions of a GraphQL document's text, each as its own text: read by
 * braces, past comments and strings (no parser needed: urql parses each one as it sends it). */
export function splitDefinitions(text: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (start < 0 && !/[\s,]/.test(c ?? "")) start = i;
    if (c === '"') {
      const block = text.startsWith('"""', i);
      const close = block ? '"""' : '"';
      i += close.length;
      while (i < text.length && !text.startsWith(close, i)) i += text[i] === "\\" && !block ? 2 : 1;
      i += close.length - 1;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      found.push(text.slice(start, i + 1));
      start = -1;
    }
  }
  return found;
}

/** The operations of the file by name, each as the text of a document of its own. The file
 * has no fragments, so an operation needs nothing else. */
export function operationsOf(text: string): Map<string, string> {
  const operations = new Map<string, string>();
  for (const definition of splitDefinitions(text)) {
    const name = /^(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(definition)?.[1];
    if (name) operations.set(name, definition);
  }
  return operations;
}

/** One operation as a typed document (parsed by urql, which keeps it for reuse). */
export function operationOf<Result, Variables>(operations: Map<string, string>, name: string): TypedDocumentNode<Result, Variables> {
  const text = operations.get(name);
  if (text === undefined) throw new Error(`strategy.graphql has no operation ${name}`);
  return createRequest(text, {}).query as TypedDocumentNode<Result, Variables>;
}

export const strategyOperations = operationsOf(source);

const op = <Result, Variables>(name: string) => operationOf<Result, Variables>(strategyOperations, name);

export const StrategyJamDocument = op<StrategyJamQuery, StrategyJamQueryVariables>("StrategyJam");
export const StrategyThemesDocument = op<StrategyThemesQuery, StrategyThemesQueryVariables>("StrategyThemes");
export const StrategyThemeDocument = op<StrategyThemeQuery, StrategyThemeQueryVariables>("StrategyTheme");
export const StrategyTeamsDocument = op<StrategyTeamsQuery, StrategyTeamsQueryVariables>("StrategyTeams");
export const StrategyOpinionsDocument = op<StrategyOpinionsQuery, StrategyOpinionsQueryVariables>("StrategyOpinions");
export const StrategyBackingDocument = op<StrategyBackingQuery, StrategyBackingQueryVariables>("StrategyBacking");
export const StrategyPopulationDocument = op<StrategyPopulationQuery, StrategyPopulationQueryVariables>("StrategyPopulation");
export const StrategyHistoryDocument = op<StrategyHistoryQuery, StrategyHistoryQueryVariables>("StrategyHistory");
export const StrategyJobDocument = op<StrategyJobQuery, StrategyJobQueryVariables>("StrategyJob");
export const StrategyAnalyseOpinionsDocument = op<StrategyAnalyseOpinionsMutation, StrategyAnalyseOpinionsMutationVariables>(
  "StrategyAnalyseOpinions",
);
export const StrategyPrepareExportDocument = op<StrategyPrepareExportMutation, StrategyPrepareExportMutationVariables>(
  "StrategyPrepareExport",
);
export const StrategyActivityDocument = op<StrategyActivitySubscription, StrategyActivitySubscriptionVariables>(
  "StrategyActivity",
);
