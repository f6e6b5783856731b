/**
 * Media URLs for `<img>`, `<audio>` and `<video>`. Those elements cannot send
 * an Authorization header, and the access token never goes into a URL (URLs
 * end up in logs and histories): the browser sends the HttpOnly
 * `confab_media` cookie instead, which the auth store keeps fresh
 * (`POST /media/session`). So a media URL is used as the API gave it.
 */
export function useMediaUrl() {
  function src(url: string | null | undefined): string | undefined {
    return url || undefined
  }

  return { src }
}
