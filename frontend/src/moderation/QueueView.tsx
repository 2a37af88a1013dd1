/** The flag queue: flagged ideas and comments, oldest flag first, filtered by forum, kind and
 * reason, decided one at a time or in bulk (Keep / Hide / Restore). New flags arrive live.
 * Keyboard-first: see ./shortcuts.ts. */
import { Plural, Trans, useLingui } from "@lingui/react/macro";
import { plural } from "@lingui/core/macro";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Checkbox } from "react-aria-components";
import { useMutation } from "urql";

import { onReconnected } from "../app/connection";
import { requestErrorMessage, type UserErrorLike } from "../app/errors";
import { Loading } from "../app/fields";
import {
  ModerateItemsDocument,
  ModerationQueueDocument,
  type FlagReason,
  type ItemKind,
  type ModerationDecision,
} from "../gql/graphql";
import { ALL, FilterSelect, LoadMore, RequestProblem } from "./controls";
import { DecisionDialog, type PendingDecision } from "./DecisionDialog";
import type { ModeratedJam } from "./ModerationPage";
import { FLAG_REASONS, kindLabel, reasonLabel } from "./options";
import { isForbidden } from "./paging";
import { QueueItemCard, type QueueItem } from "./QueueItemCard";
import { keepListed, selectedInOrder, selectionState, toggle, toggleAll, type Selection } from "./selection";
import { ShortcutHelp, ShortcutHint } from "./ShortcutHelp";
import { moveFocus, queueCommandFor } from "./shortcuts";
import { usePagedQuery } from "./usePagedQuery";
import { useModerationActivity } from "./useModerationActivity";
import { YourShift } from "./YourShift";

const PAGE_SIZE = 20;
/** Live events come in bursts: one refetch for a burst. */
const RELOAD_DELAY_MS = 400;

interface Filters {
  forumId: string;
  kind: string;
  reason: string;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type);
}

export function QueueView({ jam }: { jam: ModeratedJam }) {
  const { t, i18n } = useLingui();
  const [filters, setFilters] = useState<Filters>({ forumId: ALL, kind: ALL, reason: ALL });
  const queue = usePagedQuery({
    query: ModerationQueueDocument,
    variables: {
      slug: jam.slug,
      forumId: filters.forumId === ALL ? null : filters.forumId,
      kind: filters.kind === ALL ? null : (filters.kind as ItemKind),
      reason: filters.reason === ALL ? null : (filters.reason as FlagReason),
    },
    pick: (data) => data.jam?.moderationQueue,
    nodesOf: (connection) => connection.items,
    keyOf: (item) => item.id,
    pageSize: PAGE_SIZE,
  });
  const { reload } = queue;

  // Decided items leave the list at once, before the list is fetched again.
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  // ...and may come back when flagged again, once the list has been fetched again.
  const [decidedIn, setDecidedIn] = useState(queue.nodes);
  if (decidedIn !== queue.nodes) {
    setDecidedIn(queue.nodes);
    if (decided.size > 0) setDecided(new Set());
  }
  const items = queue.nodes.filter((item) => !decided.has(item.id));
  const ids = items.map((item) => item.id);
  const [rawSelection, setSelection] = useState<Selection>(new Set());
  const selection = keepListed(rawSelection, ids);
  const [activeId, setActiveId] = useState<string | null>(null);
  const currentId = activeId !== null && ids.includes(activeId) ? activeId : (ids[0] ?? null);

  const [status, setStatus] = useState("");
  const [notice, setNotice] = useState("");
  const [helpOpen, setHelpOpen] = useState(false);
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching: saving }, moderate] = useMutation(ModerateItemsDocument);

  const cards = useRef(new Map<string, HTMLElement>());
  const list = useRef<HTMLDivElement>(null);
  const empty = useRef<HTMLParagraphElement>(null);
  const focusIndex = useRef<number | null>(null);

  // Live: new flags or another moderator's decision change the queue.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleReload = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, RELOAD_DELAY_MS);
  }, [reload]);
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  useModerationActivity(jam.id, (event) => {
    if (event.__typename === "ItemFlagged") {
      setNotice(t`New flags arrived: the queue is up to date.`);
      scheduleReload();
    } else if (event.__typename === "FlagsResolved") {
      scheduleReload();
    }
  });
  useEffect(() => onReconnected(reload), [reload]);

  // After a decision, focus goes to the item that took the decided one's place.
  useEffect(() => {
    const index = focusIndex.current;
    if (index === null) return;
    focusIndex.current = null;
    const target = ids.length === 0 ? empty.current : cards.current.get(ids[Math.min(index, ids.length - 1)]!);
    const frame = requestAnimationFrame(() => target?.focus());
    return () => cancelAnimationFrame(frame);
  });

  function open(decision: ModerationDecision, targetIds: string[]) {
    if (targetIds.length === 0) return;
    setErrors([]);
    setFailure(null);
    setPending({ decision, ids: targetIds });
  }

  /** A shortcut's or the bulk bar's targets: the selected items, else the current one. */
  function targets(): string[] {
    const chosen = selectedInOrder(selection, ids);
    if (chosen.length > 0) return chosen;
    return currentId ? [currentId] : [];
  }

  async function confirm(reason: string) {
    if (!pending) return;
    const byId = new Map(items.map((item) => [item.id, item]));
    const chosen = pending.ids.map((id) => byId.get(id)).filter((item): item is QueueItem => item !== undefined);
    const result = await moderate({
      input: {
        decision: pending.decision,
        reason: reason || null,
        items: chosen.map((item) => ({ kind: item.kind, id: item.itemId })),
      },
    });
    const payload = result.data?.moderateItems;
    if (!payload) {
      setFailure(result.error ? requestErrorMessage(i18n, result.error) : t`Something went wrong on our side. Try again.`);
      return;
    }
    if (payload.errors.length > 0) {
      setErrors(payload.errors);
      return;
    }
    const count = payload.items.length;
    const messages: Record<ModerationDecision, string> = {
      KEEP: plural(count, { one: "# item kept", other: "# items kept" }),
      HIDE: plural(count, { one: "# item hidden", other: "# items hidden" }),
      RESTORE: plural(count, { one: "# item restored", other: "# items restored" }),
    };
    const firstIndex = Math.min(...pending.ids.map((id) => ids.indexOf(id)).filter((index) => index >= 0));
    focusIndex.current = Number.isFinite(firstIndex) ? firstIndex : 0;
    setDecided((previous) => new Set([...previous, ...pending.ids]));
    setSelection((previous) => {
      const next = new Set(previous);
      pending.ids.forEach((id) => next.delete(id));
      return next;
    });
    setPending(null);
    setStatus(messages[pending.decision]);
    reload();
  }

  function onKeyDown(event: React.KeyboardEvent) {
    const command = queueCommandFor({
      key: event.key,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      inTextField: isTextField(event.target),
    });
    if (command === null) return;
    event.preventDefault();
    switch (command) {
      case "next":
      case "previous": {
        const index = currentId === null || !cards.current.get(currentId)?.contains(document.activeElement) ? null : ids.indexOf(currentId);
        const next = moveFocus(index, ids.length, command);
        if (next !== null) cards.current.get(ids[next]!)?.focus();
        break;
      }
      case "select":
        if (currentId) setSelection(toggle(selection, currentId));
        break;
      case "keep":
        open("KEEP", targets());
        break;
      case "hide":
        open("HIDE", targets());
        break;
      case "restore":
        open("RESTORE", targets());
        break;
      case "help":
        setHelpOpen(true);
        break;
    }
  }

  const forbidden = isForbidden(queue.error);
  const chosenCount = selectedInOrder(selection, ids).length;
  const allState = selectionState(selection, ids);

  return (
    <section aria-labelledby="moderation-queue-heading" className="moderation-section-body">
      <h2 id="moderation-queue-heading" className="moderation-heading">
        {queue.loading ? (
          <Trans>Queue</Trans>
        ) : (
          <Plural value={queue.totalCount} _0="Queue: nothing to review" one="Queue: # item to review" other="Queue: # items to review" />
        )}
      </h2>
      <Threshold count={jam.flagThreshold} />
      <YourShift jam={jam} />
      <QueueFilters jam={jam} filters={filters} onChange={(next) => setFilters(next)} />
      <div role="status" className="moderation-status">
        {notice ? <p className="moderation-notice">{notice}</p> : null}
        {status ? <p className="banner banner-info">{status}</p> : null}
      </div>
      {forbidden ? (
        <p role="alert" className="banner banner-info">
          <Trans>Only this jam's moderators can see this.</Trans>
        </p>
      ) : queue.error && items.length === 0 ? (
        <RequestProblem error={queue.error} onRetry={reload} />
      ) : queue.loading ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty" ref={empty} tabIndex={-1}>
          <Trans>Nothing to review</Trans>
        </p>
      ) : (
        <>
          <ShortcutHint />
          <div className="row moderation-bulk" role="group" aria-label={t`Bulk actions`}>
            <Checkbox
              className="moderation-checkbox"
              isSelected={allState === "all"}
              isIndeterminate={allState === "some"}
              onChange={() => setSelection(toggleAll(selection, ids))}
            >
              <span className="moderation-checkbox-box" aria-hidden="true" />
              <Trans>Select all on page</Trans>
            </Checkbox>
            <span className="muted" aria-live="polite">
              <Plural value={chosenCount} _0="None selected" one="# selected" other="# selected" />
            </span>
            <Button className="button" isDisabled={chosenCount === 0} onPress={() => open("KEEP", selectedInOrder(selection, ids))}>
              {t`Keep selected`}
            </Button>
            <Button className="button" isDisabled={chosenCount === 0} onPress={() => open("HIDE", selectedInOrder(selection, ids))}>
              {t`Hide selected`}
            </Button>
            <Button className="button" isDisabled={chosenCount === 0} onPress={() => open("RESTORE", selectedInOrder(selection, ids))}>
              {t`Restore selected`}
            </Button>
            <Button className="button button-quiet" onPress={() => setHelpOpen(true)}>
              {t`Keyboard shortcuts`}
            </Button>
          </div>
          <div
            ref={list}
            tabIndex={-1}
            className="moderation-queue"
            onKeyDown={onKeyDown}
            aria-describedby="moderation-shortcut-hint"
            aria-label={t`Flagged items`}
            role="region"
          >
            <ul className="moderation-list">
              {items.map((item) => (
                <li key={item.id}>
                  <QueueItemCard
                    ref={(node) => {
                      if (node) cards.current.set(item.id, node);
                      else cards.current.delete(item.id);
                    }}
                    item={item}
                    slug={jam.slug}
                    selected={selection.has(item.id)}
                    current={item.id === currentId}
                    onFocus={() => setActiveId(item.id)}
                    onSelect={() => setSelection(toggle(selection, item.id))}
                    onDecide={(decision) => open(decision, [item.id])}
                  />
                </li>
              ))}
            </ul>
          </div>
          {queue.error ? <RequestProblem error={queue.error} onRetry={reload} /> : null}
          {queue.hasNextPage ? (
            <LoadMore shown={items.length} total={queue.totalCount} busy={queue.loadingMore} onPress={queue.loadMore} />
          ) : null}
        </>
      )}
      <DecisionDialog
        pending={pending}
        busy={saving}
        errors={errors}
        failure={failure}
        onCancel={() => setPending(null)}
        onConfirm={(reason) => void confirm(reason)}
      />
      <ShortcutHelp isOpen={helpOpen} onClose={() => setHelpOpen(false)} />
    </section>
  );
}

function Threshold({ count }: { count: number }) {
  return (
    <p className="muted moderation-threshold">
      <Plural
        value={count}
        one="An item is hidden from participants as soon as # member flags it, until you decide."
        other="An item is hidden from participants as soon as # members flag it, until you decide."
      />
    </p>
  );
}

function QueueFilters({ jam, filters, onChange }: { jam: ModeratedJam; filters: Filters; onChange(filters: Filters): void }) {
  const { t, i18n } = useLingui();
  const forums = [...jam.forums].sort((a, b) => a.position - b.position);
  const kinds: ItemKind[] = ["IDEA", "COMMENT"];
  return (
    <div className="moderation-filters" role="group" aria-label={t`Filter the queue`}>
      <FilterSelect
        label={t`Forum`}
        value={filters.forumId}
        choices={[{ id: ALL, label: t`All forums` }, ...forums.map((forum) => ({ id: forum.id, label: forum.title }))]}
        onChange={(forumId) => onChange({ ...filters, forumId })}
      />
      <FilterSelect
        label={t`Kind`}
        value={filters.kind}
        choices={[{ id: ALL, label: t`Ideas and comments` }, ...kinds.map((kind) => ({ id: kind, label: kindLabel(i18n, kind) }))]}
        onChange={(kind) => onChange({ ...filters, kind })}
      />
      <FilterSelect
        label={t`Reason`}
        value={filters.reason}
        choices={[{ id: ALL, label: t`All reasons` }, ...FLAG_REASONS.map((reason) => ({ id: reason, label: reasonLabel(i18n, reason) }))]}
        onChange={(reason) => onChange({ ...filters, reason })}
      />
    </div>
  );
}
