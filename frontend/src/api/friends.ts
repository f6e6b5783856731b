/** `/friends`, `/blocks` and `/users/search`: the REST calls of the friends screen. */
import { api } from './client'
import type { Friend, FriendRequest, ListOf, PublicUser, RequestLists, SearchPage } from './types'

export const friendsApi = {
  list: () => api.get<ListOf<Friend>>('/friends'),
  requests: () => api.get<RequestLists>('/friends/requests'),
  /** Sends a request; if they already asked you, this accepts theirs (`status: "accepted"`). */
  sendRequest: (userId: string) => api.post<FriendRequest>('/friends/requests', { user_id: userId }),
  accept: (requestId: string) => api.post<FriendRequest>(`/friends/requests/${requestId}/accept`),
  decline: (requestId: string) => api.post<void>(`/friends/requests/${requestId}/decline`),
  cancel: (requestId: string) => api.delete<void>(`/friends/requests/${requestId}`),
  unfriend: (userId: string) => api.delete<void>(`/friends/${userId}`),
  block: (userId: string) => api.put<void>(`/blocks/${userId}`),
  unblock: (userId: string) => api.delete<void>(`/blocks/${userId}`),
  blocked: () => api.get<ListOf<PublicUser>>('/blocks'),
  search: (q: string, after?: string | null, signal?: AbortSignal) =>
    api.get<SearchPage>('/users/search', { query: { q, after, limit: 20 }, signal }),
}
