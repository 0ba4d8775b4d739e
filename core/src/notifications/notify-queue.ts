/** The durable job queue of notification delivery (payload `{ userId, runAt }`). */
export const NOTIFY_QUEUE = "notify.deliver";
