/** A connection read a page at a time: the first page when the variables change, more with
 * `loadMore()`, all of it again with `reload()` (after a decision or a live event; always from
 * the server, as the console's lists are not kept current by the cache). */
import { useCallback, useEffect, useRef, useState } from "react";
import { useClient, type AnyVariables, type CombinedError, type TypedDocumentNode } from "urql";

import { appendPage, reloadSize } from "./paging";

export interface Connection<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes: readonly Node[];
}

export interface Paged<Node, C> {
  /** Nothing to show yet for these variables. */
  loading: boolean;
  loadingMore: boolean;
  nodes: Node[];
  totalCount: number;
  hasNextPage: boolean;
  /** The newest page's connection (for fields beside the nodes). */
  connection: C | null;
  error: CombinedError | null;
  loadMore(): void;
  reload(): void;
}

interface State<Node, C> {
  key: string | null;
  nodes: Node[];
  connection: C | null;
  error: CombinedError | null;
  loadingMore: boolean;
}

interface Options<Data, Vars, Node, C> {
  query: TypedDocumentNode<Data, Vars>;
  /** The variables besides `first` and `after`. */
  variables: Omit<Vars, "first" | "after">;
  pick(data: Data): C | null | undefined;
  /** The connection's nodes (e.g. `items` of the queue). */
  nodesOf(connection: C): readonly Node[];
  keyOf(node: Node): string;
  pageSize: number;
}

const NONE: never[] = [];

export function usePagedQuery<Data, Vars extends AnyVariables, Node, C extends Omit<Connection<Node>, "nodes">>(
  options: Options<Data, Vars, Node, C>,
): Paged<Node, C> {
  const client = useClient();
  const key = JSON.stringify(options.variables);
  const [state, setState] = useState<State<Node, C>>({ key: null, nodes: [], connection: null, error: null, loadingMore: false });
  const latest = useRef({ options, state, key });
  useEffect(() => {
    latest.current = { options, state, key };
  });
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (forKey: string, first: number, after: string | null, append: boolean) => {
      const ticket = ++generation.current;
      const { options: current } = latest.current;
      const variables = { ...current.variables, first, after } as unknown as Vars;
      const result = await client.query(current.query, variables, { requestPolicy: "network-only" }).toPromise();
      if (ticket !== generation.current) return;
      const connection = result.data ? current.pick(result.data) : null;
      setState((previous) => {
        if (!connection) {
          return { ...previous, key: forKey, error: result.error ?? null, loadingMore: false, nodes: append ? previous.nodes : [] };
        }
        const page = current.nodesOf(connection);
        return {
          key: forKey,
          nodes: append ? appendPage(previous.nodes, page, current.keyOf) : [...page],
          connection,
          error: null,
          loadingMore: false,
        };
      });
    },
    [client],
  );

  useEffect(() => {
    void fetchPage(key, latest.current.options.pageSize, null, false);
  }, [key, fetchPage]);

  const loadMore = useCallback(() => {
    const { state: current, key: currentKey, options: currentOptions } = latest.current;
    const cursor = current.connection?.pageInfo.endCursor;
    if (!cursor || !current.connection?.pageInfo.hasNextPage || current.loadingMore) return;
    setState((previous) => ({ ...previous, loadingMore: true }));
    void fetchPage(currentKey, currentOptions.pageSize, cursor, true);
  }, [fetchPage]);

  const reload = useCallback(() => {
    const { state: current, key: currentKey, options: currentOptions } = latest.current;
    void fetchPage(currentKey, reloadSize(current.nodes.length, currentOptions.pageSize), null, false);
  }, [fetchPage]);

  const fresh = state.key === key;
  return {
    loading: !fresh,
    loadingMore: fresh && state.loadingMore,
    nodes: fresh ? state.nodes : NONE,
    totalCount: fresh ? (state.connection?.totalCount ?? 0) : 0,
    hasNextPage: fresh && (state.connection?.pageInfo.hasNextPage ?? false),
    connection: fresh ? state.connection : null,
    error: fresh ? state.error : null,
    loadMore,
    reload,
  };
}
