import { vi } from 'vitest'

/**
 * A stand-in microphone for jsdom (which has neither getUserMedia nor
 * MediaRecorder): `getUserMedia` answers with a stream of one track whose
 * `stop` is a spy, and `FakeRecorder` records "audio" chunks, firing
 * `dataavailable` then `stop` a moment after `stop()`, as browsers do.
 */
export class FakeRecorder extends EventTarget {
  static instances: FakeRecorder[] = []
  static supported: string[] = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4']
  static isTypeSupported(type: string): boolean {
    return FakeRecorder.supported.includes(type)
  }

  state: 'inactive' | 'recording' = 'inactive'
  readonly mimeType: string

  constructor(
    readonly stream: MediaStream,
    options: MediaRecorderOptions = {},
  ) {
    super()
    this.mimeType = options.mimeType ?? ''
    FakeRecorder.instances.push(this)
  }

  start(): void {
    this.state = 'recording'
  }

  stop(): void {
    if (this.state === 'inactive') return
    this.state = 'inactive'
    void Promise.resolve().then(() => {
      this.dispatchEvent(Object.assign(new Event('dataavailable'), { data: new Blob(['opus'], { type: this.mimeType }) }))
      this.dispatchEvent(new Event('stop'))
    })
  }

  /** The microphone went away: the recorder stops by itself. */
  lose(): void {
    this.state = 'inactive'
    this.dispatchEvent(new Event('stop'))
  }
}

export interface FakeMicrophone {
  getUserMedia: ReturnType<typeof vi.fn<(c: MediaStreamConstraints) => Promise<MediaStream>>>
  /** Every track handed out, to check they were all stopped. */
  tracks: Array<{ stop: ReturnType<typeof vi.fn> }>
  stream: () => MediaStream
  uninstall: () => void
}

/** Installs `navigator.mediaDevices.getUserMedia` and `MediaRecorder` (call `uninstall` after each test). */
export function installMicrophone(): FakeMicrophone {
  FakeRecorder.instances = []
  FakeRecorder.supported = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4']
  const tracks: FakeMicrophone['tracks'] = []
  const stream = () => {
    const track = { stop: vi.fn() }
    tracks.push(track)
    return { getTracks: () => [track] } as unknown as MediaStream
  }
  const getUserMedia = vi.fn(async (_: MediaStreamConstraints) => stream())
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true })
  vi.stubGlobal('MediaRecorder', FakeRecorder)
  return {
    getUserMedia,
    tracks,
    stream,
    uninstall: () => {
      Reflect.deleteProperty(navigator, 'mediaDevices')
    },
  }
}
