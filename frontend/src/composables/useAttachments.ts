import { computed, onScopeDispose, ref } from 'vue'

import { isTemporaryError } from '@/api/client'
import { uploadMedia } from '@/api/media'
import type { Media } from '@/api/types'
import { i18n } from '@/i18n'
import type { OutgoingAttachment } from '@/stores/outbox'

/** The API's limit on attachments per message. */
export const MAX_ATTACHMENTS = 10

/**
 * A file picked for the next message: uploading, uploaded, queued (the
 * server could not be reached: it goes with the message, uploaded once it
 * can be), or failed (refused).
 */
export interface Draft {
  key: number
  file: File
  /** 0..1 while uploading. */
  progress: number
  state: 'uploading' | 'done' | 'queued' | 'failed'
  media: Media | null
  error: string | null
  /** A local preview of an image (revoked when the draft goes). */
  previewUrl: string | null
}

type Uploader = typeof uploadMedia

/**
 * The composer's attachments: each picked file is uploaded at once (showing
 * progress), and the message is sent with the ids of those that finished.
 * A file the server could not take now (offline) is sent as the file: the
 * outbox keeps it with the message and uploads it when it can.
 */
export function useAttachments(upload: Uploader = uploadMedia) {
  const drafts = ref<Draft[]>([])
  const controllers = new Map<number, AbortController>()
  let nextKey = 1

  const uploading = computed(() => drafts.value.some((d) => d.state === 'uploading'))
  const ready = computed(() => drafts.value.filter((d) => d.state === 'done').map((d) => d.media!))
  /** What the message takes, in the order picked: uploads by their medium, queued files as files. */
  const outgoing = computed(() => drafts.value.map(sendable).filter((a): a is OutgoingAttachment => a !== null))
  const failed = computed(() => drafts.value.some((d) => d.state === 'failed'))
  const room = computed(() => MAX_ATTACHMENTS - drafts.value.length)

  function sendable(d: Draft): OutgoingAttachment | null {
    if (d.state === 'done') return d.media
    if (d.state === 'queued') return { file: d.file, name: d.file.name }
    return null
  }

  function draftOf(key: number): Draft | undefined {
    return drafts.value.find((d) => d.key === key)
  }

  async function start(key: number): Promise<void> {
    const d = draftOf(key)
    if (!d) return
    const controller = new AbortController()
    controllers.set(key, controller)
    d.state = 'uploading'
    d.progress = 0
    d.error = null
    try {
      const media = await upload(d.file, {
        signal: controller.signal,
        onProgress: (p) => {
          const live = draftOf(key)
          if (live) live.progress = p
        },
      })
      const live = draftOf(key)
      if (live) Object.assign(live, { state: 'done', progress: 1, media })
    } catch (e) {
      const live = draftOf(key)
      if (live && isTemporaryError(e)) {
        Object.assign(live, { state: 'queued', progress: 0, error: null })
      } else if (live && (e as { name?: string }).name !== 'AbortError') {
        live.state = 'failed'
        live.error = e instanceof Error && e.message ? e.message : i18n.global.t('media.uploadFailed')
      }
    } finally {
      controllers.delete(key)
    }
  }

  function push(file: File): number {
    const key = nextKey++
    const previewUrl = file.type.startsWith('image/') && URL.createObjectURL ? URL.createObjectURL(file) : null
    drafts.value.push({ key, file, progress: 0, state: 'uploading', media: null, error: null, previewUrl })
    return key
  }

  /** Adds files (beyond the limit they are left out) and starts uploading them. */
  function add(files: Iterable<File>): number {
    const picked = [...files].slice(0, Math.max(0, room.value))
    for (const file of picked) void start(push(file))
    return picked.length
  }

  /**
   * Uploads a file that leaves in a message of its own (a voice message): it
   * shows among the drafts while it goes, and is taken out once uploaded (or
   * queued: then it leaves as the file). Resolves with what to send; null if
   * the upload was cancelled, or failed (then it stays, to be retried and
   * sent like any attachment).
   */
  async function uploadAlone(file: File): Promise<OutgoingAttachment | null> {
    const key = push(file)
    await start(key)
    const d = draftOf(key)
    const leaving = d ? sendable(d) : null
    if (!leaving) return null
    release(d!)
    drafts.value = drafts.value.filter((x) => x.key !== key)
    return leaving
  }

  function retry(key: number): Promise<void> {
    return start(key)
  }

  function release(d: Draft): void {
    controllers.get(d.key)?.abort()
    if (d.previewUrl) URL.revokeObjectURL?.(d.previewUrl)
  }

  /** Cancels an upload (or forgets a finished one). */
  function remove(key: number): void {
    const d = draftOf(key)
    if (d) release(d)
    drafts.value = drafts.value.filter((x) => x.key !== key)
  }

  /** The message went: the uploads now belong to it. */
  function clear(): void {
    for (const d of drafts.value) release(d)
    drafts.value = []
  }

  onScopeDispose(clear)

  return { drafts, uploading, ready, outgoing, failed, room, add, uploadAlone, retry, remove, clear }
}
