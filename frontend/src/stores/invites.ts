import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { invitesApi } from '@/api/invites'
import type { Invite, InviteDeclined } from '@/api/types'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { useGroupsStore } from '@/stores/groups'

/**
 * Group invitations addressed to the signed-in user, pending until accepted
 * or declined; kept live by `group_invite.*` events (and by joining the group
 * in another tab).
 */
export const useInvitesStore = defineStore('invites', () => {
  const auth = useAuthStore()
  const groups = useGroupsStore()

  const items = ref<Invite[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)

  const count = computed(() => items.value.length)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      items.value = (await invitesApi.list()).items
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error ? e.message : i18n.global.t('groups.invitations.loadFailed')
    } finally {
      loading.value = false
    }
  }

  function find(id: string): Invite | undefined {
    return items.value.find((i) => i.id === id)
  }

  function drop(id: string): void {
    items.value = items.value.filter((i) => i.id !== id)
  }

  /** Joins the group; resolves with its conversation id. */
  async function accept(id: string): Promise<string> {
    const g = await invitesApi.accept(id)
    drop(id)
    await groups.joined(g)
    return g.conversation_id
  }

  async function decline(id: string): Promise<void> {
    await invitesApi.decline(id)
    drop(id)
  }

  /** `group_invite.created` reaches inviter and invitee: only ours to answer are kept. */
  function applyCreated(invite: Invite): void {
    if (invite.invitee.id !== auth.user?.id || find(invite.id)) return
    items.value = [invite, ...items.value]
  }

  function applyDeclined(data: InviteDeclined): void {
    drop(data.id)
  }

  /** We joined the group (here or in another tab): its invitations are spent. */
  function applyJoinedGroup(groupId: string): void {
    items.value = items.value.filter((i) => i.group.id !== groupId)
  }

  function reset(): void {
    items.value = []
    loaded.value = false
    loading.value = false
    error.value = null
  }

  return { items, count, loaded, loading, error, load, find, accept, decline, applyCreated, applyDeclined, applyJoinedGroup, reset }
})
