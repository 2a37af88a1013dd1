/** The inbox: the viewer's notifications, newest first, a page at a time ("Load more"); unread
 * ones marked (a "New" label and a bar, not colour alone); opening one marks it read, and
 * "Mark all read" marks them all. New ones arrive live (the bell subscribes; cache.ts makes
 * these lists fetch again). */
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useState } from "react";
import { Button } from "react-aria-components";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";

import { onReconnected } from "../app/connection";
import { requestErrorMessage, userErrorMessage } from "../app/errors";
import { Loading } from "../app/fields";
import { formatDateTime, formatRelative } from "../app/format";
import { PageTitle } from "../app/PageTitle";
import {
  MarkNotificationsReadDocument,
  NotificationsInboxDocument,
  NotificationsUnreadDocument,
  type InboxNotificationFragment,
} from "../gql/graphql";
import { isUnread, notificationHref, notificationLine } from "./messages";
import { NotificationText } from "./NotificationLine";
import "./notifications.css";

const PAGE_SIZE = 20;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null | undefined;
}

export function NotificationsPage() {
  const { t } = useLingui();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [last, setLast] = useState<PageInfo | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  useEffect(() => onReconnected(() => setReloadToken((token) => token + 1)), []);
  const report = useCallback((info: PageInfo) => setLast(info), []);

  return (
    <div className="notifications-page">
      <PageTitle title={t`Notifications`} />
      <MarkAllRead />
      {cursors.map((after, index) => (
        <InboxPage
          key={after ?? "first"}
          index={index}
          isLast={index === cursors.length - 1}
          after={after}
          reloadToken={reloadToken}
          onReport={report}
        />
      ))}
      {last?.hasNextPage && last.endCursor ? (
        <Button
          className="button notifications-more"
          onPress={() => {
            const next = last.endCursor ?? null;
            setLast(null);
            setCursors((current) => [...current, next]);
          }}
        >
          {t`Load more`}
        </Button>
      ) : null}
    </div>
  );
}

interface InboxPageProps {
  index: number;
  /** The last page says whether there is more. */
  isLast: boolean;
  after: string | null;
  reloadToken: number;
  onReport(info: PageInfo): void;
}

function InboxPage({ index, isLast, after, reloadToken, onReport }: InboxPageProps) {
  const { t, i18n } = useLingui();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: NotificationsInboxDocument,
    variables: { first: PAGE_SIZE, after },
    requestPolicy: "cache-and-network",
  });
  useEffect(() => {
    if (reloadToken > 0) reexecute({ requestPolicy: "network-only" });
  }, [reloadToken, reexecute]);
  const connection = data?.notifications;
  useEffect(() => {
    if (connection && isLast) onReport(connection.pageInfo);
  }, [connection, isLast, onReport]);

  if (!data && fetching) return <Loading />;
  if (error && !data) {
    return (
      <div role="alert" className="banner banner-error">
        <p>{requestErrorMessage(i18n, error)}</p>
        <Button className="button" onPress={() => reexecute({ requestPolicy: "network-only" })}>
          {t`Retry`}
        </Button>
      </div>
    );
  }
  if (!connection) return null;
  if (index === 0 && connection.nodes.length === 0) {
    return (
      <p className="empty">
        <Trans>Nothing yet</Trans>
      </p>
    );
  }
  return (
    <ol className="notifications-list" aria-label={index === 0 ? t`Notifications, newest first` : t`More notifications`}>
      {connection.nodes.map((notification) => (
        <NotificationItem key={notification.id} notification={notification} />
      ))}
    </ol>
  );
}

function NotificationItem({ notification }: { notification: InboxNotificationFragment }) {
  const { t, i18n } = useLingui();
  const [{ fetching }, markRead] = useMutation(MarkNotificationsReadDocument);
  const unread = isUnread(notification);
  const href = notificationHref(notification);
  const text = <NotificationText line={notificationLine(notification)} />;
  const open = () => {
    if (unread) void markRead({ input: { ids: [notification.id] } });
  };
  return (
    <li className={unread ? "notification notification-unread" : "notification"}>
      <p className="notification-text">
        {href ? (
          <Link to={href} onClick={open}>
            {text}
          </Link>
        ) : (
          text
        )}
      </p>
      <p className="notification-meta muted">
        {unread ? <span className="badge notification-new">{t`New`}</span> : null}
        <time dateTime={notification.createdAt} title={formatDateTime(i18n.locale, notification.createdAt)}>
          {formatRelative(i18n.locale, notification.createdAt)}
        </time>
        {!href && unread ? (
          <Button className="button button-quiet notification-mark" isDisabled={fetching} onPress={open}>
            {t`Mark read`}
          </Button>
        ) : null}
      </p>
    </li>
  );
}

/** "Mark all read" (while some are unread), and what became of it. */
function MarkAllRead() {
  const { t, i18n } = useLingui();
  const [{ data }] = useQuery({ query: NotificationsUnreadDocument, requestPolicy: "cache-and-network" });
  const [{ fetching }, markRead] = useMutation(MarkNotificationsReadDocument);
  const [status, setStatus] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const unread = data?.notifications.unreadCount ?? 0;

  async function markAll() {
    setFailure(null);
    setStatus("");
    const result = await markRead({ input: { ids: null } });
    if (result.error) {
      setFailure(requestErrorMessage(i18n, result.error));
      return;
    }
    const refused = result.data?.markNotificationsRead.errors[0];
    if (refused) {
      setFailure(userErrorMessage(i18n, refused));
      return;
    }
    setStatus(t`All notifications are marked read.`);
  }

  return (
    <div className="notifications-toolbar">
      <p className="muted notifications-count">
        {unread > 0 ? t`${unread} unread` : t`All read`}
      </p>
      {/* Always there (and never disabled), so focus stays on it once all are read. */}
      <Button
        className="button"
        onPress={() => {
          if (!fetching) void markAll();
        }}
      >
        {fetching ? t`Marking…` : t`Mark all read`}
      </Button>
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {failure ? (
        <p role="alert" className="banner banner-error">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
