import { onScopeDispose, ref } from 'vue'

import { i18n } from '@/i18n'

/** The words for `key` of `chats.voice` (a recording is a `Take`, named `t` below). */
function voiceText(key: string): string {
  return i18n.global.t(`chats.voice.${key}`)
}

/** A voice message stops recording by itself after this long. */
export const MAX_RECORDING_MS = 10 * 60_000

/** How often the clock moves while recording. */
const TICK_MS = 200
/** The recorder hands over what it has this often (a long recording is not one buffer at the end). */
const SLICE_MS = 1_000

/**
 * What to record in, best first: Opus in WebM (Chromium), Opus in Ogg
 * (Firefox), AAC in MP4 (Safari). The server takes all three as audio.
 */
const FORMATS = [
  { recorder: 'audio/webm;codecs=opus', mime: 'audio/webm', extension: 'webm' },
  { recorder: 'audio/ogg;codecs=opus', mime: 'audio/ogg', extension: 'ogg' },
  { recorder: 'audio/mp4', mime: 'audio/mp4', extension: 'm4a' },
] as const

type Format = (typeof FORMATS)[number]

export type VoiceRecorderState = 'idle' | 'recording' | 'sending'

/** The words for a microphone that could not be had (getUserMedia's error names). */
export function microphoneErrorText(e: unknown): string {
  switch ((e as { name?: string } | null)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return voiceText('refused')
    case 'NotFoundError':
    case 'OverconstrainedError':
      return voiceText('noMicrophone')
    case 'NotReadableError':
    case 'AbortError':
      return voiceText('micBusy')
    default:
      return voiceText('micFailed')
  }
}

function pickFormat(): Format | null {
  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) return null
  return FORMATS.find((f) => MediaRecorder.isTypeSupported(f.recorder)) ?? null
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop()
}

/** One recording: the microphone, its recorder and what it has recorded so far. */
interface Take {
  stream: MediaStream
  recorder: MediaRecorder
  format: Format
  chunks: Blob[]
  startedAt: number
  /** `finish()` asked the recorder to stop (any other stop is a failure). */
  finishing: boolean
  ticker: ReturnType<typeof setInterval>
  limit: ReturnType<typeof setTimeout>
}

export interface VoiceRecorderOptions {
  /** How long a recording may last (default 10 minutes). */
  maxMs?: number
  /** Given the recording when it stops by itself at `maxMs`. */
  onLimit?: (file: File) => void
}

/**
 * Records a voice message from the microphone with MediaRecorder: `start()`
 * asks for the microphone and records, `elapsedMs` is the live clock,
 * `cancel()` throws the recording away and `finish()` gives it as a File
 * (`voice-message.webm`, `.ogg` or `.m4a`). The microphone is let go
 * whenever a recording ends, however it ends (also when the component goes).
 */
export function useVoiceRecorder(options: VoiceRecorderOptions = {}) {
  const maxMs = options.maxMs ?? MAX_RECORDING_MS
  const state = ref<VoiceRecorderState>('idle')
  const elapsedMs = ref(0)
  /** The microphone has been asked for (a permission prompt may be up). */
  const requesting = ref(false)
  const error = ref<string | null>(null)

  let take: Take | null = null
  /** Counts starts and cancels: a microphone granted after a cancel is let go at once. */
  let attempt = 0

  function end(t: Take): void {
    clearInterval(t.ticker)
    clearTimeout(t.limit)
    stopTracks(t.stream)
    if (take === t) take = null
  }

  function fail(t: Take, text: string): void {
    if (take !== t) return
    end(t)
    if (t.recorder.state !== 'inactive') t.recorder.stop()
    state.value = 'idle'
    elapsedMs.value = 0
    error.value = text
  }

  async function start(): Promise<boolean> {
    if (state.value !== 'idle' || requesting.value) return false
    error.value = null
    const format = pickFormat()
    if (!format) {
      error.value = voiceText('unsupported')
      return false
    }
    const mine = ++attempt
    requesting.value = true
    let stream: MediaStream
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch (e) {
      if (mine === attempt) {
        requesting.value = false
        error.value = microphoneErrorText(e)
      }
      return false
    }
    if (mine !== attempt) {
      stopTracks(stream) // cancelled (or gone) while the prompt was up
      return false
    }
    requesting.value = false

    let recorder: MediaRecorder
    try {
      recorder = new MediaRecorder(stream, { mimeType: format.recorder })
      recorder.start(SLICE_MS)
    } catch {
      stopTracks(stream)
      error.value = voiceText('notStarted')
      return false
    }
    const startedAt = Date.now()
    const t: Take = {
      stream,
      recorder,
      format,
      chunks: [],
      startedAt,
      finishing: false,
      ticker: setInterval(() => (elapsedMs.value = Date.now() - startedAt), TICK_MS),
      limit: setTimeout(() => void finish().then((file) => file && options.onLimit?.(file)), maxMs),
    }
    recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size) t.chunks.push(e.data)
    })
    recorder.addEventListener('error', () => fail(t, voiceText('failed')))
    // A stop nobody asked for: the microphone went away (unplugged, or its permission taken back).
    recorder.addEventListener('stop', () => !t.finishing && fail(t, voiceText('micStopped')))
    take = t
    elapsedMs.value = 0
    state.value = 'recording'
    return true
  }

  /** Stops recording and gives the recording as a file (null if there was none, or nothing was heard). */
  async function finish(): Promise<File | null> {
    const t = take
    if (!t || state.value !== 'recording') return null
    state.value = 'sending'
    t.finishing = true
    clearInterval(t.ticker)
    clearTimeout(t.limit)
    elapsedMs.value = Math.min(maxMs, Date.now() - t.startedAt)
    if (t.recorder.state !== 'inactive') {
      // The last piece of audio comes (`dataavailable`) before `stop`.
      const stopped = new Promise((resolve) => t.recorder.addEventListener('stop', resolve, { once: true }))
      t.recorder.stop()
      await stopped
    }
    if (take !== t) return null // cancelled (or gone) meanwhile
    end(t)
    state.value = 'idle'
    elapsedMs.value = 0
    if (!t.chunks.length) {
      error.value = voiceText('nothing')
      return null
    }
    return new File(t.chunks, `voice-message.${t.format.extension}`, { type: t.format.mime })
  }

  /** Throws the recording away, or stops asking for the microphone (and forgets an error). */
  function cancel(): void {
    attempt++
    requesting.value = false
    error.value = null
    const t = take
    if (t) {
      end(t)
      if (t.recorder.state !== 'inactive') t.recorder.stop()
    }
    state.value = 'idle'
    elapsedMs.value = 0
  }

  onScopeDispose(cancel)

  return { state, elapsedMs, requesting, error, start, finish, cancel }
}
