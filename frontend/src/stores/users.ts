import { defineStore } from 'pinia'
import { ref } from 'vue'

import { usersApi } from '@/api/users'
import type { PublicUser } from '@/api/types'

/**
 * Profiles of people the SPA has met (friends, requests, DM peers, search
 * results), so a message author or a system line can be named. Unknown ids
 * are fetched once with `GET /users/{id}`.
 */
export const useUsersStore = defineStore('users', () => {
  const byId = ref<Record<string, PublicUser>>({})
  /** Ids being fetched, or refused (not found / blocked): asked once per session. */
  const asked = new Set<string>()

  function remember(...users: Array<PublicUser | null | undefined>): void {
    for (const u of users) if (u) byId.value[u.id] = u
  }

  function get(id: string | null | undefined): PublicUser | undefined {
    return id ? byId.value[id] : undefined
  }

  /** Fetches the profiles not known yet (each at most once); failures are left unnamed. */
  async function ensure(ids: Iterable<string | null | undefined>): Promise<void> {
    const missing = [...new Set(ids)].filter((id): id is string => !!id && !byId.value[id] && !asked.has(id))
    for (const id of missing) asked.add(id)
    await Promise.all(
      missing.map(async (id) => {
        try {
          remember(await usersApi.get(id))
        } catch {
          /* not visible to us (deleted, blocked): shown as "Unknown user" */
        }
      }),
    )
  }

  function reset(): void {
    byId.value = {}
    asked.clear()
  }

  return { byId, remember, get, ensure, reset }
})
