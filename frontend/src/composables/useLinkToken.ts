import { useRoute, useRouter } from 'vue-router'

/** The `token` of a link's fragment (`#token=<hex>`), or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const token = params.get('token')?.trim()
  return token ? token : null
}

/**
 * For the pages mailed links open (`/verify-email#token=…`,
 * `/reset-password#token=…`): takes the token from the URL's fragment (a
 * fragment never reaches a server or a Referer header), then clears it from
 * the address bar and this history entry (a history.replaceState through the
 * router, so the router's idea of the page stays in step), so it is not left
 * in the history or shown over a shoulder.
 */
export function useLinkToken(): string | null {
  const route = useRoute()
  const router = useRouter()
  const hash = route.hash || (typeof window !== 'undefined' ? window.location.hash : '')
  const token = tokenFromHash(hash)
  if (hash) void router.replace({ path: route.path, query: route.query, hash: '' })
  return token
}
