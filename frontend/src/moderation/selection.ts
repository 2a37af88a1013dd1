/** Which queue items are selected for a bulk decision: a set of item ids, changed only by
 * these functions (each returns a new set, or the same one when nothing changes). */

export type Selection = ReadonlySet<string>;

export function toggle(selection: Selection, id: string): Selection {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** "Select all on page": selects every id shown, or clears them all when all are selected. */
export function toggleAll(selection: Selection, ids: readonly string[]): Selection {
  if (ids.length > 0 && ids.every((id) => selection.has(id))) {
    const next = new Set(selection);
    ids.forEach((id) => next.delete(id));
    return next;
  }
  return new Set([...selection, ...ids]);
}

/** The state of the "select all" checkbox. */
export function selectionState(selection: Selection, ids: readonly string[]): "none" | "some" | "all" {
  const chosen = ids.filter((id) => selection.has(id)).length;
  if (chosen === 0) return "none";
  return chosen === ids.length ? "all" : "some";
}

/** Forget items no longer listed (decided, by this moderator or another). */
export function keepListed(selection: Selection, ids: readonly string[]): Selection {
  const listed = new Set(ids);
  if ([...selection].every((id) => listed.has(id))) return selection;
  return new Set([...selection].filter((id) => listed.has(id)));
}

/** The ids selected, in the order the list shows them. */
export function selectedInOrder(selection: Selection, ids: readonly string[]): string[] {
  return ids.filter((id) => selection.has(id));
}
