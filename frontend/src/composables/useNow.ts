import { onScopeDispose, shallowRef } from 'vue'

/** The current time, refreshed every `intervalMs`, for "5 minutes ago" labels. */
export function useNow(intervalMs = 30_000) {
  const now = shallowRef(new Date())
  const timer = setInterval(() => (now.value = new Date()), intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
