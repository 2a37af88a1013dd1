/** The header's way to the inbox: a link whose name says how many notifications are unread
 * ("Notifications, 3 unread"), with the count as a badge. It follows new notifications live
 * (`notificationReceived`); they and "Mark all read" drop the cached count (cache.ts), so it
 * is fetched again. */
import { useLingui } from "@lingui/react/macro";
import { useEffect } from "react";
import { Link } from "react-router";
import { useQuery, useSubscription } from "urql";

import { onReconnected } from "../app/connection";
import { NotificationReceivedDocument, NotificationsUnreadDocument } from "../gql/graphql";
import { badgeText } from "./messages";
import "./notifications.css";

export function NotificationsBell() {
  const { t } = useLingui();
  const [{ data }, reexecute] = useQuery({ query: NotificationsUnreadDocument, requestPolicy: "cache-and-network" });
  useSubscription({ query: NotificationReceivedDocument });
  useEffect(() => onReconnected(() => reexecute({ requestPolicy: "network-only" })), [reexecute]);
  const unread = data?.notifications.unreadCount ?? 0;
  return (
    <Link
      to="/notifications"
      className="button button-quiet notifications-bell"
      aria-label={unread > 0 ? t`Notifications, ${unread} unread` : t`Notifications`}
    >
      <BellIcon />
      {unread > 0 ? (
        <span className="notifications-badge" aria-hidden="true">
          {badgeText(unread)}
        </span>
      ) : null}
    </Link>
  );
}

function BellIcon() {
  return (
    <svg className="notifications-bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}
