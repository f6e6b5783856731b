import { defineStore } from 'pinia'
import { ref } from 'vue'

import { groupsApi } from '@/api/groups'
import type { Ban, Member, MemberBanned, MemberLeft, RoleDeleted } from '@/api/types'
import { i18n } from '@/i18n'
import { useUsersStore } from '@/stores/users'

/** The loaded part of a group's member list (paged by `after`). */
export interface MemberList {
  items: Member[]
  nextAfter: string | null
  loaded: boolean
  loading: boolean
  error: string | null
}

/** A group's bans, loaded by those who may see them. */
export interface BanList {
  items: Ban[]
  loaded: boolean
  loading: boolean
  error: string | null
}

function errorText(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback
}

/**
 * Who is in a group (with their roles) and who is banned from it, for the
 * group panel; kept live by `group.member_*` and `group.role_deleted` events.
 */
export const useGroupMembersStore = defineStore('groupMembers', () => {
  const users = useUsersStore()
  const members = ref<Record<string, MemberList>>({})
  const bans = ref<Record<string, BanList>>({})

  function listOf(groupId: string): MemberList {
    if (!members.value[groupId]) {
      members.value[groupId] = { items: [], nextAfter: null, loaded: false, loading: false, error: null }
    }
    return members.value[groupId]!
  }

  function bansOf(groupId: string): BanList {
    if (!bans.value[groupId]) bans.value[groupId] = { items: [], loaded: false, loading: false, error: null }
    return bans.value[groupId]!
  }

  function upsert(list: MemberList, m: Member): void {
    users.remember(m.user)
    const i = list.items.findIndex((x) => x.user.id === m.user.id)
    if (i >= 0) list.items[i] = m
    else list.items.push(m)
  }

  /** The first page (again, if `force`). */
  async function load(groupId: string, { force = false } = {}): Promise<void> {
    const list = listOf(groupId)
    if (list.loading || (list.loaded && !force)) return
    list.loading = true
    list.error = null
    try {
      const page = await groupsApi.members(groupId)
      list.items = []
      for (const m of page.items) upsert(list, m)
      list.nextAfter = page.next_after ?? null
      list.loaded = true
    } catch (e) {
      list.error = errorText(e, i18n.global.t('groups.members.loadFailed'))
    } finally {
      list.loading = false
    }
  }

  async function loadMore(groupId: string): Promise<void> {
    const list = listOf(groupId)
    if (!list.loaded || list.loading || !list.nextAfter) return
    list.loading = true
    list.error = null
    try {
      const page = await groupsApi.members(groupId, list.nextAfter)
      for (const m of page.items) upsert(list, m)
      list.nextAfter = page.next_after ?? null
    } catch (e) {
      list.error = errorText(e, i18n.global.t('groups.members.loadMoreFailed'))
    } finally {
      list.loading = false
    }
  }

  async function loadBans(groupId: string): Promise<void> {
    const list = bansOf(groupId)
    if (list.loading) return
    list.loading = true
    list.error = null
    try {
      list.items = (await groupsApi.bans(groupId)).items
      users.remember(...list.items.map((b) => b.user))
      list.loaded = true
    } catch (e) {
      list.error = errorText(e, i18n.global.t('groups.bans.loadFailed'))
    } finally {
      list.loading = false
    }
  }

  // ---- actions (the events that follow settle other tabs and members) -----------

  async function kick(groupId: string, userId: string): Promise<void> {
    await groupsApi.kick(groupId, userId)
    applyLeft({ group_id: groupId, user_id: userId })
  }

  async function ban(groupId: string, userId: string): Promise<void> {
    await groupsApi.ban(groupId, userId)
    applyBanned({ group_id: groupId, user_id: userId, actor_id: '' })
  }

  async function unban(groupId: string, userId: string): Promise<void> {
    await groupsApi.unban(groupId, userId)
    applyUnbanned({ group_id: groupId, user_id: userId, actor_id: '' })
  }

  async function setRole(groupId: string, userId: string, roleId: string): Promise<void> {
    applyUpdated(await groupsApi.setRole(groupId, userId, roleId))
  }

  /** Back to the default role. */
  async function resetRole(groupId: string, userId: string): Promise<void> {
    applyUpdated(await groupsApi.resetRole(groupId, userId))
  }

  // ---- events -----------------------------------------------------------------

  function applyJoined(m: Member): void {
    users.remember(m.user)
    const list = members.value[m.group_id]
    // Past the loaded pages the newcomer shows up when paging reaches them.
    if (list?.loaded && !list.nextAfter) upsert(list, m)
  }

  function applyUpdated(m: Member): void {
    users.remember(m.user)
    const list = members.value[m.group_id]
    if (!list?.loaded) return
    const i = list.items.findIndex((x) => x.user.id === m.user.id)
    if (i >= 0) list.items[i] = m
  }

  function applyLeft(data: Pick<MemberLeft, 'group_id' | 'user_id'>): void {
    const list = members.value[data.group_id]
    if (list) list.items = list.items.filter((m) => m.user.id !== data.user_id)
  }

  /** A ban removes the member; the ban list (if shown) is reloaded for the ban's details. */
  function applyBanned(data: MemberBanned): void {
    applyLeft(data)
    if (bans.value[data.group_id]?.loaded) void loadBans(data.group_id)
  }

  function applyUnbanned(data: MemberBanned): void {
    const list = bans.value[data.group_id]
    if (list) list.items = list.items.filter((b) => b.user.id !== data.user_id)
  }

  /** The deleted role's holders now hold the default role. */
  function applyRoleDeleted(data: RoleDeleted): void {
    const list = members.value[data.group_id]
    if (!list) return
    const movedTo = data.moved_to
    // The document allows a group without a default role: then ask rather than guess.
    if (!movedTo) return void load(data.group_id, { force: true })
    for (const m of list.items) if (m.role_id === data.role_id) m.role_id = movedTo
  }

  /** Forgets a group (deleted, or we are out of it). */
  function forget(groupId: string): void {
    delete members.value[groupId]
    delete bans.value[groupId]
  }

  /** After a resync: reload the lists on screen. */
  async function reload(): Promise<void> {
    await Promise.all([
      ...Object.keys(members.value).map((id) => load(id, { force: true })),
      ...Object.entries(bans.value)
        .filter(([, b]) => b.loaded)
        .map(([id]) => loadBans(id)),
    ])
  }

  function reset(): void {
    members.value = {}
    bans.value = {}
  }

  return {
    members,
    bans,
    listOf,
    bansOf,
    load,
    loadMore,
    loadBans,
    kick,
    ban,
    unban,
    setRole,
    resetRole,
    applyJoined,
    applyUpdated,
    applyLeft,
    applyBanned,
    applyUnbanned,
    applyRoleDeleted,
    forget,
    reload,
    reset,
  }
})
