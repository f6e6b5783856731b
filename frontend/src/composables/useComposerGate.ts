import { computed, toValue, type MaybeRefOrGetter } from 'vue'

import { useNow } from '@/composables/useNow'
import { useSlowmodeStore } from '@/stores/slowmode'
import { useTimeoutsStore } from '@/stores/timeouts'
import { secondsLeft } from '@/utils/slowmode'

/**
 * What stands between the signed-in user and sending in a chat: a timeout
 * (its end, or `unknown` when only a refusal told us), or slow mode's wait
 * (seconds left). Both follow the clock, so each ends by itself.
 */
export function useComposerGate(conversationId: MaybeRefOrGetter<string>, groupId: MaybeRefOrGetter<string | null>) {
  const slowmode = useSlowmodeStore()
  const timeouts = useTimeoutsStore()
  const now = useNow(1000)

  const timedOut = computed(() => {
    const gid = toValue(groupId)
    return gid ? timeouts.myTimeout(gid, now.value) : null
  })

  const slowWait = computed(() => secondsLeft(slowmode.waitUntil(toValue(conversationId), now.value.getTime()), now.value.getTime()))

  return { timedOut, slowWait }
}
