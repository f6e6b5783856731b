import { defineStore } from 'pinia'
import { ref } from 'vue'

import type { Presence } from '@/api/types'

/**
 * Who is online, away or offline, and since when: seeded from `GET /friends`
 * and kept live by `presence.updated`. Two gateways may announce one user's
 * changes in either order, so an update only wins with a higher `version`
 * (docs/protocol.md).
 */
export const usePresenceStore = defineStore('presence', () => {
  const byUser = ref<Record<string, Presence>>({})

  /** Applies a live update; false when it is older than what we have. */
  function apply(update: Presence): boolean {
    const current = byUser.value[update.user_id]
    if (current && update.version <= current.version) return false
    byUser.value[update.user_id] = { ...update }
    return true
  }

  /**
   * Takes REST snapshots (version 0). A snapshot is newer than what we hold,
   * so it replaces the status, but the highest version seen is kept: a late,
   * reordered update must still lose to the ones already applied.
   */
  function seed(snapshots: Presence[]): void {
    for (const snap of snapshots) {
      const known = byUser.value[snap.user_id]?.version ?? 0
      byUser.value[snap.user_id] = { ...snap, version: Math.max(known, snap.version) }
    }
  }

  function of(userId: string | null | undefined): Presence | undefined {
    return userId ? byUser.value[userId] : undefined
  }

  function reset(): void {
    byUser.value = {}
  }

  return { byUser, apply, seed, of, reset }
})
