import { toValue, type MaybeRefOrGetter } from 'vue'

import { socket as defaultSocket, type SocketClient } from '@/realtime/socket'

/** How often to repeat `typing` while the user keeps typing (docs/protocol.md: ~3 s). */
export const TYPING_REPEAT_MS = 3_000

/**
 * Tells the conversation's other members that the user is typing: call
 * `typed()` on every keystroke; at most one `typing` op goes out per 3 s.
 */
export function useTypingNotifier(
  conversationId: MaybeRefOrGetter<string | null>,
  client: Pick<SocketClient, 'send'> = defaultSocket,
  now: () => number = Date.now,
) {
  let lastSent: { conversation: string; at: number } | null = null

  function typed(): void {
    const id = toValue(conversationId)
    if (!id) return
    const t = now()
    if (lastSent && lastSent.conversation === id && t - lastSent.at < TYPING_REPEAT_MS) return
    // Not sent while offline: a late "typing" would be misleading anyway.
    if (client.send({ op: 'typing', conversation_id: id })) lastSent = { conversation: id, at: t }
  }

  /** After a send: the next keystroke is news again. */
  function reset(): void {
    lastSent = null
  }

  return { typed, reset }
}
