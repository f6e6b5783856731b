import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiClient, ApiError } from '@/api/client'
import { uploadMedia } from '@/api/media'

import { media } from '../helpers/groups'

/** A stand-in XMLHttpRequest that answers each send from a script. */
class FakeXhr {
  static replies: Array<{ status: number; body: unknown }> = []
  static sent: FakeXhr[] = []
  headers: Record<string, string> = {}
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  status = 0
  responseText = ''
  body: FormData | null = null
  open(): void {}
  setRequestHeader(k: string, v: string): void {
    this.headers[k] = v
  }
  getResponseHeader(name: string): string | null {
    return name === 'content-type' ? 'application/json' : null
  }
  abort(): void {
    this.onabort?.()
  }
  send(body: FormData): void {
    this.body = body
    FakeXhr.sent.push(this)
    const reply = FakeXhr.replies.shift()!
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 } as ProgressEvent)
      this.status = reply.status
      this.responseText = JSON.stringify(reply.body)
      this.onload?.()
    })
  }
}

function client(tokens: string[]) {
  let current = tokens[0]!
  const c = new ApiClient()
  c.setSession({
    getTokens: () => ({ access_token: current, refresh_token: 'r' }),
    setTokens: (p) => (current = p.access_token),
    onSessionExpired: () => {},
  })
  vi.spyOn(c, 'refreshTokens').mockImplementation(async () => {
    current = tokens[1]!
    return { access_token: current, refresh_token: 'r2' }
  })
  return c
}

describe('uploadMedia', () => {
  afterEach(() => {
    FakeXhr.replies = []
    FakeXhr.sent = []
  })

  it('posts the file as multipart `file` with the token, reporting progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    FakeXhr.replies = [{ status: 201, body: media('m1') }]
    const progress: number[] = []
    const file = new File(['abc'], 'a.png', { type: 'image/png' })
    const m = await uploadMedia(file, { onProgress: (p) => progress.push(p) }, client(['t1']))
    expect(m.id).toBe('m1')
    expect(progress).toEqual([0.5])
    expect(FakeXhr.sent[0]!.headers.Authorization).toBe('Bearer t1')
    expect((FakeXhr.sent[0]!.body!.get('file') as File).name).toBe('a.png')
  })

  it('refreshes the token once on a 401 and retries', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    FakeXhr.replies = [
      { status: 401, body: { error: { code: 'unauthenticated', message: 'expired' } } },
      { status: 201, body: media('m2') },
    ]
    const m = await uploadMedia(new File(['x'], 'b.png'), {}, client(['old', 'new']))
    expect(m.id).toBe('m2')
    expect(FakeXhr.sent.map((x) => x.headers.Authorization)).toEqual(['Bearer old', 'Bearer new'])
  })

  it('turns an error reply into an ApiError', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    FakeXhr.replies = [{ status: 415, body: { error: { code: 'unsupported_media_type', message: 'not a picture' } } }]
    const err = await uploadMedia(new File(['x'], 'c.txt'), {}, client(['t'])).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 415, code: 'unsupported_media_type' })
  })
})
