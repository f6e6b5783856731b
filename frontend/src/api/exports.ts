/** Data exports (#17): a zip of the user's data, built in the background, downloaded with the bearer token. */
import { api } from './client'
import type { DataExport } from './types'

/** A downloaded archive: its bytes and the file name the server gave it. */
export interface DownloadedFile {
  blob: Blob
  filename: string
}

/** The file name of a `Content-Disposition` header (`filename*=` first), if it has one. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, ''))
    } catch {
      // Badly encoded: fall back to the plain one.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition)
  const name = plain ? (plain[2] ?? plain[1]!).trim() : ''
  // Only a name, never a path.
  return name ? (name.split(/[\\/]/).pop() ?? null) : null
}

export const exportsApi = {
  /** Newest first. */
  list: () => api.get<DataExport[]>('/users/me/exports'),
  /** 202 building; 409 `export_in_progress`; 429 a few a day. */
  start: () => api.post<DataExport>('/users/me/exports'),

  /**
   * Downloads a ready archive. `download_url` is an API address that needs the
   * access token as a header (no token ever goes into a URL), so the file is
   * fetched here and handed to the browser as a Blob.
   */
  async download(exp: DataExport): Promise<DownloadedFile> {
    const base = api.urlOf('')
    const url = exp.download_url ?? `${base}/users/me/exports/${exp.id}/archive`
    // The client adds its base (`/api/v1`) itself; an absolute address is taken as this site's.
    const where = /^https?:/i.test(url) ? new URL(url).pathname : url
    const path = where.startsWith(`${base}/`) ? where.slice(base.length) : where
    const res = await api.request<Response>('GET', path, { raw: true, headers: { Accept: 'application/zip, */*' } })
    const blob = await res.blob()
    const filename = filenameOf(res.headers.get('content-disposition')) ?? `confab-export-${exp.id}.zip`
    return { blob, filename }
  },
}
