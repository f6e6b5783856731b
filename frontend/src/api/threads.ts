/** `/conversations/{id}/threads`: replies under a message of the main timeline (sent with `thread_id` on the message route). */
import { api } from './client'
import type { MessagePage, Thread, ThreadMembership, ThreadPage } from './types'

/** Which page of replies: older than `before` (or the newest), newer than `after`, or those around a reply. */
export type ReplyCursor = { before: string | null } | { after: string } | { around: string }

const base = (conversationId: string, rootId: string) => `/conversations/${conversationId}/threads/${rootId}`

export const threadsApi = {
  /** The conversation's threads with replies, most recently active first. */
  list: (conversationId: string, before: string | null, limit: number) =>
    api.get<ThreadPage>(`/conversations/${conversationId}/threads`, { query: { before, limit } }),
  /** One thread: its root (any message of the main timeline) and the reader's part in it. */
  get: (conversationId: string, rootId: string) => api.get<Thread>(base(conversationId, rootId)),
  /** A page of replies, like the main history: newest first (`after`: oldest first). */
  replies: (conversationId: string, rootId: string, cursor: ReplyCursor, limit: number) =>
    api.get<MessagePage>(`${base(conversationId, rootId)}/messages`, { query: { ...cursor, limit } }),
  follow: (conversationId: string, rootId: string, following: boolean) =>
    api.put<ThreadMembership>(`${base(conversationId, rootId)}/follow`, { following }),
  /** Moves the reader's marker forward to this reply (never back). */
  markRead: (conversationId: string, rootId: string, messageId: string) =>
    api.post<void>(`${base(conversationId, rootId)}/read`, { message_id: messageId }),
}
