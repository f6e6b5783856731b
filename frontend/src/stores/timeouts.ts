import { defineStore } from 'pinia'
import { ref } from 'vue'

import { moderationApi } from '@/api/moderation'
import type { Member } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { useGroupMembersStore } from '@/stores/groupMembers'

/** The durations a moderator picks from, in seconds: 60 s, 5 min, 10 min, 1 h, 1 day, 1 week. */
export const TIMEOUT_DURATIONS: readonly number[] = [60, 300, 600, 3600, 86_400, 7 * 86_400]

/** Whether a member's timeout still lies ahead at `now`. */
export function isTimedOut(until: string | null | undefined, now: Date = new Date()): boolean {
  return !!until && Date.parse(until) > now.getTime()
}

/**
 * Timeouts: giving and ending them (with an optional reason for the audit
 * log), and the signed-in user's own timeout per group, learnt from
 * `group.member_updated`, the member list, or a send refused `timed_out`.
 * A timeout ends by itself (no event): readers compare it with the clock.
 */
export const useTimeoutsStore = defineStore('timeouts', () => {
  const auth = useAuthStore()
  const members = useGroupMembersStore()

  /** My timeout's end per group id (null: none known). */
  const mine = ref<Record<string, string | null>>({})
  /** Groups where a send was refused `timed_out` with no end known. */
  const refused = ref<Record<string, true>>({})

  /** Learns from a member as the API or an event gives it. */
  function apply(m: Member): void {
    if (m.user.id !== auth.user?.id) return
    mine.value[m.group_id] = m.timed_out_until ?? null
    if (!m.timed_out_until) delete refused.value[m.group_id]
  }

  /** A send or reaction was refused `timed_out`, before we knew of it. */
  function refusedIn(groupId: string): void {
    refused.value[groupId] = true
  }

  /** My timeout in a group at `now`: its end, `unknown`, or null when I may write. */
  function myTimeout(groupId: string, now: Date = new Date()): string | 'unknown' | null {
    const until =
      groupId in mine.value
        ? mine.value[groupId]
        : members.members[groupId]?.items.find((m) => m.user.id === auth.user?.id)?.timed_out_until
    if (until && isTimedOut(until, now)) return until
    if (until) return null
    return refused.value[groupId] ? 'unknown' : null
  }

  /** Forgets an "unknown" timeout once the user tries again (it may have ended). */
  function clearRefused(groupId: string): void {
    delete refused.value[groupId]
  }

  async function timeOut(groupId: string, userId: string, seconds: number, reason?: string | null): Promise<Member> {
    const m = await moderationApi.timeOut(groupId, userId, seconds, reason)
    members.applyUpdated(m)
    apply(m)
    return m
  }

  async function end(groupId: string, userId: string, reason?: string | null): Promise<Member> {
    const m = await moderationApi.endTimeout(groupId, userId, reason)
    members.applyUpdated(m)
    apply(m)
    return m
  }

  function reset(): void {
    mine.value = {}
    refused.value = {}
  }

  return { mine, refused, apply, refusedIn, myTimeout, clearRefused, timeOut, end, reset }
})
