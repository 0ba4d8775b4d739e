/** The durable job queue of notification delivery (payload `{ userId }`; one job per person and time). */
export const NOTIFY_QUEUE = "notify.deliver";
