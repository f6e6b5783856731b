/**
 * Drafts: the composer's unsent text per conversation, kept on the server so
 * it follows the user to their other tabs and devices (`draft.updated`).
 */
import { api } from './client'
import type { Draft, ListOf, Schemas } from './types'

export const draftsApi = {
  /** Newest first, in the conversations the user is still in. */
  list: () => api.get<ListOf<Draft>>('/users/me/drafts'),
  /**
   * 200 with the saved draft (its `updated_at` is the server's); an empty body
   * with no `reply_to` clears it. 400 `invalid_message_body` (over 4000
   * characters); 404 `not_found` (not a conversation of the user's) or
   * `invalid_reply_to`; 429 `rate_limited` (300 saves a minute).
   * `keepalive`: sent while the page is going away (`pagehide`).
   */
  save: (conversationId: string, req: Schemas['SaveDraftBody'], { keepalive = false } = {}) =>
    api.put<Draft>(`/conversations/${conversationId}/draft`, req, { keepalive }),
  /** 204 whether or not there was one (after the text was sent as a message). */
  clear: (conversationId: string) => api.delete<void>(`/conversations/${conversationId}/draft`),
}
