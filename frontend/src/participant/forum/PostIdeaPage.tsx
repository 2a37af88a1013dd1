/** Posting an idea into a forum of a live jam: the limits checked before sending, similar
 * ideas suggested while typing, and an idempotency key kept across retries of one draft so a
 * retried submit never posts twice. */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useState } from "react";
import {
  Button,
  FieldError,
  Form,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from "react-aria-components";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { fieldErrors, formErrors, requestErrorMessage, type UserErrorLike } from "../../app/errors";
import { FormAlert, Loading, TextInput } from "../../app/fields";
import { formatDateTime } from "../../app/format";
import { PageTitle } from "../../app/PageTitle";
import { Breadcrumbs } from "./Breadcrumbs";
import { PostIdeaDocument, PostIdeaJamDocument, type PostIdeaJamQuery } from "../../gql/graphql";
import "./forum.css";
import { MuteNotice } from "./MuteNotice";
import { SimilarIdeas } from "./SimilarIdeas";
import { BODY_MAX, parseTags, TAG_MAX, tagProblem, TAGS_MAX, TITLE_MAX } from "./tags";

const FIELDS = ["forumId", "title", "body", "tags"];

type PostJam = NonNullable<PostIdeaJamQuery["jam"]>;

export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function PostIdeaPage() {
  const { slug = "" } = useParams();
  const { t, i18n } = useLingui();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: PostIdeaJamDocument, variables: { slug } });
  const jam = data?.jam;
  if (!data && fetching) return <Loading />;
  if (error && !data) {
    return (
      <>
        <PageTitle title={t`Post an idea`} />
        <div role="alert" className="banner banner-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
            {t`Retry`}
          </Button>
        </div>
      </>
    );
  }
  if (!jam) {
    return (
      <>
        <PageTitle title={t`Jam not found`} />
        <p>
          <Trans>
            This jam does not exist, or you cannot see it. <Link to="/">See your jams</Link>.
          </Trans>
        </p>
      </>
    );
  }
  return (
    <section className="forum-post-page">
      <Breadcrumbs jam={jam} current={t`Post an idea`} />
      <PageTitle title={t`Post an idea`} />
      <PostIdeaBody jam={jam} onMuted={() => reexecute({ requestPolicy: "network-only" })} />
    </section>
  );
}

function PostIdeaBody({ jam, onMuted }: { jam: PostJam; onMuted(): void }) {
  const { i18n } = useLingui();
  const home = `/jams/${encodeURIComponent(jam.slug)}`;
  if (!jam.viewerRole) {
    return (
      <p className="banner banner-info">
        <Trans>
          You are not a member of this jam yet, so you cannot post in it. <Link to={home}>Go to the jam</Link> to join it.
        </Trans>
      </p>
    );
  }
  if (jam.phase === "SCHEDULED") {
    const opens = formatDateTime(i18n.locale, jam.startsAt);
    return (
      <p className="banner banner-info">
        <Trans>
          This jam has not started: ideas can be posted from {opens}. <Link to={home}>Back to the jam</Link>.
        </Trans>
      </p>
    );
  }
  if (jam.phase === "CLOSED") {
    return (
      <p className="banner banner-info">
        <Trans>
          This jam is closed: no new ideas can be posted. Its ideas stay <Link to={home}>in the jam</Link> to read.
        </Trans>
      </p>
    );
  }
  if (jam.viewerMute) {
    return (
      <>
        <MuteNotice mute={jam.viewerMute} />
        <p>
          <Link to={home}>
            <Trans>Back to the jam</Trans>
          </Link>
        </p>
      </>
    );
  }
  if (jam.forums.length === 0) {
    return (
      <p className="banner banner-info">
        <Trans>
          This jam has no forum to post into yet. <Link to={home}>Back to the jam</Link>.
        </Trans>
      </p>
    );
  }
  return <PostIdeaForm jam={jam} onMuted={onMuted} />;
}

function PostIdeaForm({ jam, onMuted }: { jam: PostJam; onMuted(): void }) {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const wanted = params.get("forum");
  const [forumId, setForumId] = useState<string | null>(() => {
    if (wanted && jam.forums.some((forum) => forum.id === wanted)) return wanted;
    return jam.forums.length === 1 ? (jam.forums[0]?.id ?? null) : null;
  });
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [tagsText, setTagsText] = useState("");
  const [errors, setErrors] = useState<UserErrorLike[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  // Checked here, not with `isRequired`: the browser would say it in its own language.
  const [forumMissing, setForumMissing] = useState(false);
  // One key per draft: kept when a request fails on the way (it may have been posted), renewed
  // once the server has answered that nothing was posted.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [{ fetching }, postIdea] = useMutation(PostIdeaDocument);
  const tags = parseTags(tagsText);

  const validateTags = useCallback(
    (text: string) => {
      const problem = tagProblem(parseTags(text));
      if (problem === null) return null;
      if (problem.kind === "too-long") {
        const tag = problem.tag;
        return t`A tag is at most ${TAG_MAX} characters: “${tag}” is longer.`;
      }
      const count = problem.count;
      return t`At most ${TAGS_MAX} tags (you have ${count}).`;
    },
    [t],
  );

  async function submit() {
    setFailure(null);
    if (!forumId) {
      setForumMissing(true);
      return;
    }
    const result = await postIdea({ input: { forumId, title: title.trim(), body, tags, idempotencyKey } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const payload = result.data?.postIdea;
    if (!payload || payload.errors.length > 0 || !payload.idea) {
      setErrors(payload?.errors ?? []);
      setIdempotencyKey(newIdempotencyKey());
      if (payload?.errors.some((error) => error.code === "MUTED")) onMuted();
      return;
    }
    navigate(`/jams/${encodeURIComponent(jam.slug)}/ideas/${encodeURIComponent(payload.idea.id)}`);
  }

  return (
    <>
      <Form
        className="forum-post-form"
        validationErrors={{
          ...fieldErrors(i18n, errors, FIELDS),
          ...(forumMissing ? { forumId: t`Choose the forum your idea belongs in.` } : {}),
        }}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormAlert messages={[...formErrors(i18n, errors, FIELDS), ...(failure ? [failure] : [])]} />
        <Select
          name="forumId"
          className="forum-post-select"
          selectedKey={forumId}
          onSelectionChange={(key) => {
            setForumId(key === null ? null : String(key));
            setForumMissing(false);
          }}
          placeholder={t`Choose a forum`}
        >
          <Label>{t`Forum`}</Label>
          <Button className="button forum-select-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </Button>
          <FieldError className="field-error" />
          <Popover className="forum-select-popover">
            <ListBox className="menu" items={jam.forums}>
              {(forum) => (
                <ListBoxItem id={forum.id} className="menu-item" textValue={forum.title}>
                  {forum.title}
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </Select>
        <TextInput
          label={t`Title`}
          name="title"
          isRequired
          value={title}
          onChange={setTitle}
          maxLength={TITLE_MAX}
          counter
          validate={(value) => (value.trim() ? null : t`Give your idea a title.`)}
          description={t`One sentence that says what the idea is.`}
        />
        <TextInput
          label={t`Your idea`}
          name="body"
          multiline
          rows={8}
          isRequired
          value={body}
          onChange={setBody}
          maxLength={BODY_MAX}
          counter
          validate={(value) => (value.trim() ? null : t`Describe your idea.`)}
          description={t`What it is, who it helps, how it could work.`}
        />
        <SimilarIdeas jamId={jam.id} slug={jam.slug} title={title} body={body} />
        <TextInput
          label={t`Tags (optional)`}
          name="tags"
          value={tagsText}
          onChange={setTagsText}
          validate={validateTags}
          description={t`Separate tags with commas, for example: energy, remote work. Up to ${TAGS_MAX}, each at most ${TAG_MAX} characters.`}
        />
        {tags.length > 0 ? (
          <ul className="forum-tag-preview" aria-label={t`Tags that will be added`}>
            {tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="forum-post-actions">
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {fetching ? t`Posting…` : t`Post the idea`}
          </Button>
          {forumId ? (
            <Link to={`/jams/${encodeURIComponent(jam.slug)}/forums/${encodeURIComponent(forumId)}`}>{t`Cancel`}</Link>
          ) : (
            <Link to={`/jams/${encodeURIComponent(jam.slug)}`}>{t`Cancel`}</Link>
          )}
        </div>
      </Form>
    </>
  );
}
