/**
 * Runs `fn` holding the Web Locks API lock `name`, so that of all this
 * origin's tabs only one runs it at a time; where there is no Web Locks API
 * (old browsers, tests), it just runs.
 */
export function withCrossTabLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks?.request) return fn()
  return locks.request(name, fn) as Promise<T>
}
