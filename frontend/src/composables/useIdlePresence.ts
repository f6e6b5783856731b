import { onScopeDispose, watch } from 'vue'

import { socket as defaultSocket, type SocketClient } from '@/realtime/socket'

/** Idle this long (no input, or the tab hidden) and friends see "away". */
export const IDLE_AFTER_MS = 5 * 60_000

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'focus'] as const

/**
 * Sends `presence: away` when this tab has been idle a while and `online`
 * when it is used again (docs/protocol.md). A fresh connection counts as
 * online, so an idle tab says `away` again after reconnecting.
 */
export function useIdlePresence(
  client: Pick<SocketClient, 'send' | 'state'> = defaultSocket,
  idleAfterMs = IDLE_AFTER_MS,
) {
  let away = false
  let timer: ReturnType<typeof setTimeout> | null = null

  function setAway(value: boolean): void {
    if (away === value) return
    away = value
    client.send({ op: 'presence', status: value ? 'away' : 'online' })
  }

  function arm(): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => setAway(true), idleAfterMs)
  }

  function onActivity(): void {
    if (document.visibilityState === 'hidden') return
    setAway(false)
    arm()
  }

  function onVisibility(): void {
    if (document.visibilityState === 'hidden') {
      // Hidden counts as idle from now: start the clock without resetting "away".
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => setAway(true), idleAfterMs)
    } else {
      onActivity()
    }
  }

  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true })
  document.addEventListener('visibilitychange', onVisibility)
  arm()

  const stopWatch = watch(
    () => client.state.value,
    (state) => {
      if (state === 'ready' && away) client.send({ op: 'presence', status: 'away' })
    },
  )

  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity)
    document.removeEventListener('visibilitychange', onVisibility)
    stopWatch()
  })

  return {
    isAway: () => away,
  }
}
