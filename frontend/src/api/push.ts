/** `/push`: Web Push subscriptions of this login (docs/operations.md, "Web Push"). */
import { api } from './client'
import type { PushSubscribeBody, VapidKey } from './types'

export const pushApi = {
  /** 403 `push_disabled` when the server has no VAPID key. */
  vapidKey: () => api.get<VapidKey>('/push/vapid-key'),
  /** The browser's `PushSubscription.toJSON()`; the same endpoint again replaces it. */
  subscribe: (body: PushSubscribeBody) => api.post<unknown>('/push/subscriptions', body),
  unsubscribe: (endpoint: string) => api.delete<void>('/push/subscriptions', { endpoint }),
}
