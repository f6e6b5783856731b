/** `/users/{id}`: someone's public profile. */
import { api } from './client'
import type { PublicUser } from './types'

export const usersApi = {
  get: (id: string) => api.get<PublicUser>(`/users/${id}`),
}
