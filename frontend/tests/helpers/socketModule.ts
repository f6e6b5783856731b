import { vi } from 'vitest'
import { ref } from 'vue'

/**
 * A stand-in for '@/realtime/socket' in app-level tests:
 * `vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())`.
 */
export function fakeSocketModule() {
  return {
    socket: {
      connect: vi.fn(),
      disconnect: vi.fn(),
      setAuth: vi.fn(),
      on: vi.fn(() => () => {}),
      send: vi.fn(() => false),
      lastEventId: null,
      state: ref('offline'),
      hasBeenReady: ref(false),
      browserOffline: ref(false),
    },
  }
}
