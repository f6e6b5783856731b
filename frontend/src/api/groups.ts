/** `/groups/...`: groups, their members, roles and bans. */
import { api } from './client'
import type {
  Ban,
  GroupDetails,
  GroupPatch,
  GroupSearchPage,
  Invite,
  ListOf,
  Member,
  MemberPage,
  NewGroup,
  Role,
  RoleInput,
} from './types'

export const MEMBERS_PAGE = 50

export const groupsApi = {
  create: (g: NewGroup) => api.post<GroupDetails>('/groups', g),
  get: (id: string) => api.get<GroupDetails>(`/groups/${id}`),
  update: (id: string, patch: GroupPatch) => api.patch<GroupDetails>(`/groups/${id}`, patch),
  remove: (id: string) => api.delete<void>(`/groups/${id}`),
  search: (q: string, before?: string | null) =>
    api.get<GroupSearchPage>('/groups/search', { query: { q, before, limit: 30 } }),
  join: (id: string) => api.post<GroupDetails>(`/groups/${id}/join`),
  leave: (id: string) => api.post<void>(`/groups/${id}/leave`),
  transfer: (id: string, userId: string) => api.put<GroupDetails>(`/groups/${id}/owner`, { user_id: userId }),

  members: (id: string, after?: string | null) =>
    api.get<MemberPage>(`/groups/${id}/members`, { query: { after, limit: MEMBERS_PAGE } }),
  kick: (id: string, userId: string) => api.delete<void>(`/groups/${id}/members/${userId}`),
  setRole: (id: string, userId: string, roleId: string) =>
    api.put<Member>(`/groups/${id}/members/${userId}/role`, { role_id: roleId }),
  resetRole: (id: string, userId: string) => api.delete<Member>(`/groups/${id}/members/${userId}/role`),

  bans: (id: string) => api.get<ListOf<Ban>>(`/groups/${id}/bans`),
  ban: (id: string, userId: string) => api.put<void>(`/groups/${id}/bans/${userId}`),
  unban: (id: string, userId: string) => api.delete<void>(`/groups/${id}/bans/${userId}`),

  invite: (id: string, userId: string) => api.post<Invite>(`/groups/${id}/invites`, { user_id: userId }),

  createRole: (id: string, role: RoleInput) => api.post<Role>(`/groups/${id}/roles`, role),
  updateRole: (id: string, roleId: string, patch: Partial<RoleInput>) =>
    api.patch<Role>(`/groups/${id}/roles/${roleId}`, patch),
  deleteRole: (id: string, roleId: string) => api.delete<void>(`/groups/${id}/roles/${roleId}`),
  reorderRoles: (id: string, items: Array<{ role_id: string; priority: number }>) =>
    api.put<ListOf<Role>>(`/groups/${id}/roles/priorities`, { items }),
}
