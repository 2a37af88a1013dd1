import { print } from "graphql";
import { describe, expect, it } from "vitest";

import source from "../../../graphql/operations/strategy.graphql?raw";
import * as documents from "./documents";

const exported = Object.entries(documents).filter(([name]) => name.endsWith("Document"));

describe("the workspace's documents", () => {
  it("are each one named operation of strategy.graphql, and none is left out", () => {
    const names = exported.map(([name, document]) => {
      const definitions = (document as unknown as { definitions: { kind: string; name?: { value: string } }[] }).definitions;
      expect(definitions).toHaveLength(1);
      expect(definitions[0]?.kind).toBe("OperationDefinition");
      expect(`${definitions[0]?.name?.value}Document`).toBe(name);
      return definitions[0]?.name?.value;
    });
    expect(new Set(names)).toEqual(new Set(documents.strategyOperations.keys()));
  });

  it("need no fragments (each is sent on its own)", () => {
    expect(source).not.toMatch(/^\s*fragment\s/m);
    expect(source).not.toMatch(/\.\.\.\s*[A-Za-z_]+\s*$/m);
  });

  it("print as just their own operation", () => {
    const printed = print(documents.StrategyJamDocument);
    expect(printed).toMatch(/^query StrategyJam\(/);
    expect(printed).not.toContain("StrategyOpinions");
  });

  it("are split from the file by braces, past comments and strings", () => {
    const text = `# a comment { with a brace
query A($x: String = "}") { a(x: $x) { b } }
  """ a description { """
mutation B { c }
`;
    expect(documents.splitDefinitions(text)).toEqual([
      'query A($x: String = "}") { a(x: $x) { b } }',
      '""" a description { """\nmutation B { c }',
    ]);
    expect([...documents.operationsOf(text).keys()]).toEqual(["A"]);
  });

  it("refuse a name the file does not have", () => {
    expect(() => documents.operationOf(documents.strategyOperations, "Nope")).toThrow(/no operation Nope/);
  });
});
