import { describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'

import { ApiError, NETWORK_ERROR } from '@/api/client'
import type { UploadOptions } from '@/api/media'
import type { Media } from '@/api/types'
import { MAX_ATTACHMENTS, useAttachments } from '@/composables/useAttachments'

import { media } from '../helpers/groups'
import { deferred } from '../helpers/http'

function file(name: string, type = 'image/png'): File {
  return new File(['x'], name, { type })
}

function setup() {
  const uploads: Array<{ file: File; options: UploadOptions; reply: ReturnType<typeof deferred<ReturnType<typeof media>>> }> = []
  const upload = vi.fn((f: File, options: UploadOptions = {}) => {
    const reply = deferred<ReturnType<typeof media>>()
    uploads.push({ file: f, options, reply })
    return reply.promise
  })
  const scope = effectScope()
  const attachments = scope.run(() => useAttachments(upload))!
  return { attachments, uploads, scope }
}

describe('useAttachments', () => {
  it('uploads each file at once, with progress, and offers the finished ones', async () => {
    const { attachments, uploads } = setup()
    attachments.add([file('a.png'), file('b.mp3', 'audio/mpeg')])
    expect(attachments.uploading.value).toBe(true)
    uploads[0]!.options.onProgress?.(0.5)
    expect(attachments.drafts.value[0]!.progress).toBe(0.5)
    uploads[0]!.reply.resolve(media('m1'))
    uploads[1]!.reply.reject(new Error('too large'))
    await Promise.resolve()
    await Promise.resolve()
    expect(attachments.ready.value.map((m) => m.id)).toEqual(['m1'])
    expect(attachments.drafts.value[1]).toMatchObject({ state: 'failed', error: 'too large' })
    expect(attachments.uploading.value).toBe(false)
    expect(attachments.failed.value).toBe(true)
  })

  it('retries a failed upload and cancels a removed one', async () => {
    const { attachments, uploads } = setup()
    attachments.add([file('a.png')])
    uploads[0]!.reply.reject(new Error('network'))
    await Promise.resolve()
    await Promise.resolve()
    const key = attachments.drafts.value[0]!.key
    void attachments.retry(key)
    expect(uploads).toHaveLength(2)
    expect(attachments.drafts.value[0]!.state).toBe('uploading')
    attachments.remove(key)
    expect(uploads[1]!.options.signal?.aborted).toBe(true)
    expect(attachments.drafts.value).toEqual([])
  })

  it('uploads a voice message on its own: shown while it goes, handed over once uploaded; a failed one stays', async () => {
    const { attachments, uploads } = setup()
    const sent = attachments.uploadAlone(file('voice-message.webm', 'audio/webm'))
    expect(attachments.drafts.value.map((d) => d.file.name)).toEqual(['voice-message.webm'])
    expect(attachments.uploading.value).toBe(true)
    uploads[0]!.reply.resolve(media('v1', { kind: 'audio' }))
    expect(((await sent) as Media).id).toBe('v1')
    expect(attachments.drafts.value).toEqual([])

    const failing = attachments.uploadAlone(file('voice-message.webm', 'audio/webm'))
    uploads[1]!.reply.reject(new Error('too large'))
    expect(await failing).toBeNull()
    expect(attachments.drafts.value[0]).toMatchObject({ state: 'failed', error: 'too large' })
  })

  it('queues a file the server cannot take now (offline, 5xx): the message takes it as the file, in the order picked', async () => {
    const { attachments, uploads } = setup()
    const offlinePhoto = file('offline.png')
    attachments.add([file('a.png'), offlinePhoto, file('refused.png')])
    uploads[0]!.reply.resolve(media('m1'))
    uploads[1]!.reply.reject(new ApiError({ status: 0, code: NETWORK_ERROR, message: 'The upload could not reach the server.' }))
    uploads[2]!.reply.reject(new ApiError({ status: 415, code: 'unsupported_media_type', message: 'Not a picture.' }))
    await Promise.resolve()
    await Promise.resolve()
    expect(attachments.drafts.value.map((d) => [d.state, d.error])).toEqual([
      ['done', null],
      ['queued', null],
      ['failed', 'Not a picture.'],
    ])
    expect(attachments.ready.value.map((m) => m.id)).toEqual(['m1'])
    expect(attachments.outgoing.value).toEqual([media('m1'), { file: offlinePhoto, name: 'offline.png' }])
    expect(attachments.uploading.value).toBe(false)
  })

  it('hands a voice message recorded offline over as the file', async () => {
    const { attachments, uploads } = setup()
    const recording = file('voice-message.webm', 'audio/webm')
    const sent = attachments.uploadAlone(recording)
    uploads[0]!.reply.reject(new ApiError({ status: 503, code: 'service_unavailable', message: 'Later.' }))
    expect(await sent).toEqual({ file: recording, name: 'voice-message.webm' })
    expect(attachments.drafts.value).toEqual([])
  })

  it('takes at most ten files per message', () => {
    const { attachments } = setup()
    const added = attachments.add(Array.from({ length: 12 }, (_, i) => file(`${i}.png`)))
    expect(added).toBe(MAX_ATTACHMENTS)
    expect(attachments.room.value).toBe(0)
    attachments.clear()
    expect(attachments.drafts.value).toEqual([])
  })
})
