/** Notifications in the cache: marking some read, or a new one arriving, changes counts and
 * lists the answers do not carry (markNotificationsRead returns only the unread count), so
 * every cached `notifications` list is dropped and the bell and inbox shown fetch it again. */
import type { Cache, CacheExchangeOpts } from "@urql/exchange-graphcache";

export function invalidateNotifications(cache: Cache): void {
  for (const field of cache.inspectFields("Query")) {
    if (field.fieldName === "notifications") cache.invalidate("Query", field.fieldName, field.arguments);
  }
}

export const notificationsCache: Pick<CacheExchangeOpts, "updates" | "optimistic"> = {
  updates: {
    Mutation: {
      markNotificationsRead(_result, _args, cache) {
        invalidateNotifications(cache);
      },
    },
    Subscription: {
      notificationReceived(_result, _args, cache) {
        invalidateNotifications(cache);
      },
    },
  },
};
