/**
 * `POST /media`: uploads with progress. `fetch` cannot report upload progress,
 * so this one request uses XMLHttpRequest, with the same token handling as the
 * client (one silent refresh and retry on a 401).
 */
import { i18n } from '@/i18n'

import { api, ApiError, errorFromResponse, NETWORK_ERROR, type ApiClient } from './client'
import type { Media } from './types'

export interface UploadOptions {
  /** Called with 0..1 as bytes go out. */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
}

function abortError(): DOMException {
  return new DOMException('The upload was cancelled', 'AbortError')
}

/** One attempt: resolves with the raw status and body, rejects on network failure or abort. */
function send(url: string, file: File, token: string | null, options: UploadOptions) {
  return new Promise<{ status: number; body: string; headers: Headers }>((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError())
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('Accept', 'application/json')
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) options.onProgress?.(e.loaded / e.total)
    }
    xhr.onload = () => {
      const headers = new Headers()
      for (const name of ['content-type', 'retry-after', 'x-request-id']) {
        const v = xhr.getResponseHeader(name)
        if (v) headers.set(name, v)
      }
      resolve({ status: xhr.status, body: xhr.responseText, headers })
    }
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: NETWORK_ERROR, message: i18n.global.t('media.unreachable') }))
    xhr.onabort = () => reject(abortError())
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

export async function uploadMedia(file: File, options: UploadOptions = {}, client: ApiClient = api): Promise<Media> {
  const url = client.urlOf('/media')
  const sentToken = client.accessToken()
  let res = await send(url, file, sentToken, options)
  if (res.status === 401) {
    const current = client.accessToken()
    const token = current && current !== sentToken ? current : (await client.refreshTokens(sentToken)).access_token
    options.onProgress?.(0)
    res = await send(url, file, token, options)
  }
  if (res.status < 200 || res.status >= 300) {
    throw await errorFromResponse(new Response(res.body || null, { status: res.status, headers: res.headers }))
  }
  return JSON.parse(res.body) as Media
}
