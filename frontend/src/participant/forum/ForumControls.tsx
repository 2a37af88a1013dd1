/** How to look at a forum's ideas: sort order, text search (debounced), tag filter, editorial
 * label filter (All / Emerging / Best). Each change goes to the address, which is the one
 * source of the view. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useEffect, useId, useRef, useState } from "react";
import { Button, Form, Input, Label, SearchField, ToggleButton, ToggleButtonGroup } from "react-aria-components";

import { TextInput } from "../../app/fields";
import type { EditorialLabel, IdeaSort } from "../../gql/graphql";
import { useLabelNames } from "./FeatureBadges";
import { isLabel, LABELS } from "./labels";
import { normaliseTag, SEARCH_MAX, sortsFor, withSearch, type ForumView } from "./urlState";

const SEARCH_DELAY_MS = 300;

interface ForumControlsProps {
  view: ForumView;
  /** `replace`: a step of typing, not a place to come back to. */
  onChange(view: ForumView, options?: { replace?: boolean }): void;
}

export function ForumControls({ view, onChange }: ForumControlsProps) {
  const { t } = useLingui();
  return (
    <div className="forum-controls" role="search" aria-label={t`Find ideas`}>
      <SortChoice sort={view.sort} sorts={sortsFor(view.search)} onChange={(sort) => onChange({ ...view, sort })} />
      <SearchBox search={view.search} onSearch={(search) => onChange(withSearch(view, search), { replace: true })} />
      <LabelChoice label={view.label} onChange={(label) => onChange({ ...view, label })} />
      <TagFilter tag={view.tag} onTag={(tag) => onChange({ ...view, tag })} />
    </div>
  );
}

function SortChoice({
  sort,
  sorts,
  onChange,
}: {
  sort: IdeaSort;
  sorts: readonly IdeaSort[];
  onChange(sort: IdeaSort): void;
}) {
  const { t } = useLingui();
  const labelId = useId();
  const names: Record<IdeaSort, string> = {
    NEW: t`Newest`,
    TOP: t`Top`,
    HOT: t`Hot`,
    RELEVANCE: t({ message: "Best match", context: "sort search results by relevance" }),
  };
  return (
    <div className="forum-sort">
      <span id={labelId} className="forum-control-label">
        <Trans>Sort by</Trans>
      </span>
      <ToggleButtonGroup
        aria-labelledby={labelId}
        selectionMode="single"
        disallowEmptySelection
        selectedKeys={[sort]}
        onSelectionChange={(keys) => {
          const [key] = [...keys];
          if (typeof key === "string" && (sorts as readonly string[]).includes(key)) onChange(key as IdeaSort);
        }}
        className="forum-sort-buttons"
      >
        {sorts.map((value) => (
          <ToggleButton key={value} id={value} className="button">
            {names[value]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </div>
  );
}

const ALL = "ALL";

/** All ideas, or only those moderators labelled Emerging or Best. */
function LabelChoice({ label, onChange }: { label: EditorialLabel | ""; onChange(label: EditorialLabel | ""): void }) {
  const { t } = useLingui();
  const labelId = useId();
  const names = useLabelNames();
  return (
    <div className="forum-sort">
      <span id={labelId} className="forum-control-label">
        <Trans>Show</Trans>
      </span>
      <ToggleButtonGroup
        aria-labelledby={labelId}
        selectionMode="single"
        disallowEmptySelection
        selectedKeys={[label || ALL]}
        onSelectionChange={(keys) => {
          const [key] = [...keys];
          if (key === ALL) onChange("");
          else if (typeof key === "string" && isLabel(key)) onChange(key);
        }}
        className="forum-sort-buttons"
      >
        <ToggleButton id={ALL} className="button">
          {t({ message: "All", context: "ideas, whatever their label" })}
        </ToggleButton>
        {LABELS.map((value) => (
          <ToggleButton key={value} id={value} className="button">
            {names[value]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </div>
  );
}

/** Text search, sent 300 ms after the last keystroke; follows the address when it changes
 * elsewhere (back button, "clear"). */
function SearchBox({ search, onSearch }: { search: string; onSearch(search: string): void }) {
  const { t } = useLingui();
  const [text, setText] = useState(search);
  const sent = useRef(search);
  const latestOnSearch = useRef(onSearch);
  useEffect(() => {
    latestOnSearch.current = onSearch;
  }, [onSearch]);
  useEffect(() => {
    if (search !== sent.current) {
      sent.current = search;
      setText(search);
    }
  }, [search]);
  useEffect(() => {
    if (text.trim() === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text.trim();
      latestOnSearch.current(text.trim());
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <SearchField
      className="forum-search"
      value={text}
      onChange={setText}
      onSubmit={() => {
        sent.current = text.trim();
        onSearch(text.trim());
      }}
      maxLength={SEARCH_MAX}
    >
      <Label className="forum-control-label">{t`Search ideas`}</Label>
      <div className="forum-search-box">
        <Input className="forum-search-input" />
        <Button className="button button-quiet forum-search-clear" aria-label={t`Clear search`}>
          <span aria-hidden="true">×</span>
        </Button>
      </div>
    </SearchField>
  );
}

/** The active tag (with a button that clears it), or a field to type one. */
function TagFilter({ tag, onTag }: { tag: string; onTag(tag: string): void }) {
  const { t } = useLingui();
  const [draft, setDraft] = useState("");
  if (tag) {
    return (
      <div className="forum-tag-active">
        <span className="forum-control-label">
          <Trans>Tag</Trans>
        </span>
        <div className="row">
          <span className="tag forum-tag-current">{tag}</span>
          <Button className="button" onPress={() => onTag("")}>
            {t`Clear tag filter`}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <Form
      className="forum-tag-form"
      onSubmit={(event) => {
        event.preventDefault();
        const value = normaliseTag(draft);
        if (value) {
          setDraft("");
          onTag(value);
        }
      }}
    >
      <TextInput label={t`Filter by tag`} name="tag" value={draft} onChange={setDraft} maxLength={40} />
      <Button type="submit" className="button">
        {t`Filter`}
      </Button>
    </Form>
  );
}
