/** `/invites`: group invitations addressed to the signed-in user. */
import { api } from './client'
import type { GroupDetails, Invite, ListOf } from './types'

export const invitesApi = {
  list: () => api.get<ListOf<Invite>>('/invites'),
  accept: (id: string) => api.post<GroupDetails>(`/invites/${id}/accept`),
  decline: (id: string) => api.post<void>(`/invites/${id}/decline`),
}
