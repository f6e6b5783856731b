import { useAuthStore } from '@/stores/auth'

/**
 * Media URLs for `<img>`, `<audio>` and `<video>`, which cannot send an
 * Authorization header: the access token goes in `?access_token=`. Reads the
 * token reactively, so a rotated token gives a working URL again.
 */
export function useMediaUrl() {
  const auth = useAuthStore()

  function src(url: string | null | undefined): string | undefined {
    if (!url) return undefined
    const token = auth.accessToken
    // Only our own API's media need (and may see) the token.
    if (!token || !url.startsWith('/api/')) return url
    return `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
  }

  return { src }
}
