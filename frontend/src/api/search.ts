/** `/search/messages`: full-text search over the conversations one is in. */
import { api } from './client'
import type { MessageSearchPage, MessageSearchQuery } from './types'

export const searchApi = {
  /** Newest first; pass `next_before` back as `before` for the next page. */
  messages: ({ q, ...filters }: MessageSearchQuery, signal?: AbortSignal) =>
    api.get<MessageSearchPage>('/search/messages', { query: { q, ...filters }, signal }),
}
