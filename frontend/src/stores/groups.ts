import { defineStore } from 'pinia'
import { ref } from 'vue'

import { isApiError } from '@/api/client'
import { groupsApi } from '@/api/groups'
import type {
  Group,
  GroupDetails,
  GroupPatch,
  Member,
  MemberLeft,
  NewGroup,
  Role,
  RoleDeleted,
  RoleInput,
  RolesReordered,
} from '@/api/types'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { useConversationsStore } from '@/stores/conversations'
import { useMessagesStore } from '@/stores/messages'
import { sortRoles } from '@/utils/permissions'

/**
 * Groups the user has opened (their info, roles and the user's own place in
 * each), kept live by `group.*` events. A group the user leaves, is removed
 * from, or that is deleted is dropped with its conversation and history.
 * Which groups the user is in comes from the conversation list.
 */
export const useGroupsStore = defineStore('groups', () => {
  const auth = useAuthStore()
  const conversations = useConversationsStore()
  const messages = useMessagesStore()

  const byId = ref<Record<string, GroupDetails>>({})
  /** Groups that could not be loaded (not found / not visible), with the reason. */
  const errors = ref<Record<string, string>>({})
  const fetching = new Map<string, Promise<GroupDetails | null>>()

  const me = () => auth.user?.id

  function upsert(g: GroupDetails): GroupDetails {
    byId.value[g.id] = { ...g, roles: sortRoles(g.roles) }
    delete errors.value[g.id]
    conversations.patchGroup(g.conversation_id, g)
    return byId.value[g.id]!
  }

  /** Fetches a group (one request at a time per group); null when it is not visible. */
  function load(id: string): Promise<GroupDetails | null> {
    let pending = fetching.get(id)
    if (!pending) {
      pending = groupsApi
        .get(id)
        .then(upsert)
        .catch((e: unknown) => {
          errors.value[id] = e instanceof Error ? e.message : i18n.global.t('groups.loadFailed')
          return null
        })
        .finally(() => fetching.delete(id))
      fetching.set(id, pending)
    }
    return pending
  }

  async function ensure(id: string): Promise<GroupDetails | null> {
    return byId.value[id] ?? load(id)
  }

  function byConversation(conversationId: string): GroupDetails | undefined {
    return Object.values(byId.value).find((g) => g.conversation_id === conversationId)
  }

  /** Forgets a group, its conversation and its history. */
  function drop(id: string, conversationId?: string): void {
    const convId = conversationId ?? byId.value[id]?.conversation_id
    delete byId.value[id]
    if (convId) {
      conversations.remove(convId)
      messages.forget(convId)
    }
  }

  // ---- actions ----------------------------------------------------------------

  async function create(input: NewGroup): Promise<GroupDetails> {
    const g = upsert(await groupsApi.create(input))
    await conversations.fetchOne(g.conversation_id)
    return g
  }

  async function update(id: string, patch: GroupPatch): Promise<GroupDetails> {
    return upsert(await groupsApi.update(id, patch))
  }

  async function join(id: string): Promise<GroupDetails> {
    const g = upsert(await groupsApi.join(id))
    await conversations.fetchOne(g.conversation_id)
    return g
  }

  /** Adds a group we joined elsewhere (an accepted invitation). */
  async function joined(g: GroupDetails): Promise<void> {
    upsert(g)
    await conversations.fetchOne(g.conversation_id)
  }

  async function leave(id: string): Promise<void> {
    await groupsApi.leave(id)
    drop(id)
  }

  async function remove(id: string): Promise<void> {
    await groupsApi.remove(id)
    drop(id)
  }

  async function transfer(id: string, userId: string): Promise<void> {
    upsert(await groupsApi.transfer(id, userId))
  }

  async function createRole(id: string, input: RoleInput): Promise<Role> {
    const role = await groupsApi.createRole(id, input)
    applyRole(role)
    return role
  }

  async function updateRole(id: string, roleId: string, patch: Partial<RoleInput>): Promise<Role> {
    const role = await groupsApi.updateRole(id, roleId, patch)
    applyRole(role)
    return role
  }

  async function deleteRole(id: string, roleId: string): Promise<void> {
    await groupsApi.deleteRole(id, roleId)
    const g = byId.value[id]
    if (g?.default_role_id) applyRoleDeleted({ group_id: id, role_id: roleId, moved_to: g.default_role_id })
  }

  /** Gives the roles these priorities (the editor's drag or up/down). */
  async function reorderRoles(id: string, items: Array<{ role_id: string; priority: number }>): Promise<void> {
    const { items: roles } = await groupsApi.reorderRoles(id, items)
    applyRolesReordered({ group_id: id, roles })
  }

  // ---- events -----------------------------------------------------------------

  /** My permissions follow my role (the owner's never change). */
  function refreshMe(g: GroupDetails): void {
    if (!g.me || g.me.owner) return
    const role = g.roles.find((r) => r.id === g.me!.role_id)
    if (role) g.me = { ...g.me, permissions: [...role.permissions], priority: role.priority }
  }

  /** `group.created` / `group.updated`: the info changed (or the owner). */
  function applyGroup(group: Group): void {
    conversations.patchGroup(group.conversation_id, group)
    const g = byId.value[group.id]
    if (!g) return
    const ownerChanged = g.owner_id !== group.owner_id
    Object.assign(g, group)
    // My standing changed with the ownership: ask for it rather than guess.
    if (ownerChanged && (group.owner_id === me() || g.me?.owner)) void load(group.id)
  }

  function applyMemberJoined(m: Member): void {
    const g = byId.value[m.group_id]
    if (m.user.id === me()) {
      void load(m.group_id)
      return
    }
    if (g) g.member_count += 1
  }

  /** Someone left, was kicked or banned: if it was me, the group is gone for me. */
  function applyMemberLeft(data: Pick<MemberLeft, 'group_id' | 'user_id'>): void {
    if (data.user_id === me()) {
      const convId = byId.value[data.group_id]?.conversation_id ?? findConversation(data.group_id)
      drop(data.group_id, convId)
      return
    }
    const g = byId.value[data.group_id]
    if (g) g.member_count = Math.max(0, g.member_count - 1)
  }

  /** The conversation of a group we have not loaded, from the conversation list. */
  function findConversation(groupId: string): string | undefined {
    return Object.values(conversations.byId).find((c) => c.group?.id === groupId)?.id
  }

  function applyMemberUpdated(m: Member): void {
    const g = byId.value[m.group_id]
    if (!g?.me || m.user.id !== me()) return
    g.me = { ...g.me, role_id: m.role_id, owner: m.owner }
    refreshMe(g)
  }

  function applyRole(role: Role): void {
    const g = byId.value[role.group_id]
    if (!g) return
    g.roles = sortRoles([...g.roles.filter((r) => r.id !== role.id), role])
    refreshMe(g)
  }

  function applyRoleDeleted(data: RoleDeleted): void {
    const g = byId.value[data.group_id]
    if (!g) return
    g.roles = g.roles.filter((r) => r.id !== data.role_id)
    if (g.me?.role_id === data.role_id) {
      // The document allows a group without a default role: then ask rather than guess.
      if (!data.moved_to) return void load(g.id)
      g.me = { ...g.me, role_id: data.moved_to }
    }
    refreshMe(g)
  }

  function applyRolesReordered(data: RolesReordered): void {
    const g = byId.value[data.group_id]
    if (!g) return
    g.roles = sortRoles(data.roles)
    refreshMe(g)
  }

  /** After a resync: reload what we hold; a 404 means the group is gone for us. */
  async function reload(): Promise<void> {
    await Promise.all(
      Object.keys(byId.value).map(async (id) => {
        try {
          upsert(await groupsApi.get(id))
        } catch (e) {
          if (isApiError(e) && e.status === 404) drop(id)
        }
      }),
    )
  }

  function reset(): void {
    byId.value = {}
    errors.value = {}
    fetching.clear()
  }

  return {
    byId,
    errors,
    load,
    ensure,
    byConversation,
    upsert,
    drop,
    create,
    update,
    join,
    joined,
    leave,
    remove,
    transfer,
    createRole,
    updateRole,
    deleteRole,
    reorderRoles,
    applyGroup,
    applyMemberJoined,
    applyMemberLeft,
    applyMemberUpdated,
    applyRole,
    applyRoleDeleted,
    applyRolesReordered,
    reload,
    reset,
  }
})
