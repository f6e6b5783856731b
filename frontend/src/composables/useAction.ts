import { ref } from 'vue'

import { i18n } from '@/i18n'

/**
 * Runs user actions (accept, unfriend, ...) one per key at a time, with a
 * busy flag for the button and the error message to show, so screens do not
 * each repeat the same try/finally.
 */
export function useAction() {
  const running = ref<Set<string>>(new Set())
  const error = ref<string | null>(null)

  function busy(key: string): boolean {
    return running.value.has(key)
  }

  /** Runs `fn` unless the same key is running; true when it succeeded. */
  async function run(key: string, fn: () => Promise<unknown>): Promise<boolean> {
    if (running.value.has(key)) return false
    running.value = new Set(running.value).add(key)
    error.value = null
    try {
      await fn()
      return true
    } catch (e) {
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('errors.generic')
      return false
    } finally {
      const next = new Set(running.value)
      next.delete(key)
      running.value = next
    }
  }

  return { run, busy, error }
}
