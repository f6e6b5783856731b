/** `/notifications`: the persisted list, with read state. */
import { api } from './client'
import type { NotificationPage } from './types'

export const notificationsApi = {
  list: (before?: string | null) => api.get<NotificationPage>('/notifications', { query: { before, limit: 30 } }),
  markRead: (id: string) => api.post<void>(`/notifications/${id}/read`),
  markAllRead: () => api.post<void>('/notifications/read-all'),
}
