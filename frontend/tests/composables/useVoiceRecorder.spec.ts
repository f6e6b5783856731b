import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'

import { MAX_RECORDING_MS, useVoiceRecorder, type VoiceRecorderOptions } from '@/composables/useVoiceRecorder'

import { deferred } from '../helpers/http'
import { FakeRecorder, installMicrophone, type FakeMicrophone } from '../helpers/microphone'

let mic: FakeMicrophone

function setup(options: VoiceRecorderOptions = {}) {
  const scope = effectScope()
  const recorder = scope.run(() => useVoiceRecorder(options))!
  return { recorder, scope }
}

const allStopped = () => mic.tracks.every((t) => t.stop.mock.calls.length > 0)

describe('useVoiceRecorder', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    mic = installMicrophone()
  })
  afterEach(() => {
    mic.uninstall()
    vi.useRealTimers()
  })

  it('records Opus in WebM where it can, with a live clock, and finishes with a file; the microphone is let go', async () => {
    const { recorder } = setup()
    expect(await recorder.start()).toBe(true)
    expect(mic.getUserMedia).toHaveBeenCalledWith({ audio: true })
    expect(FakeRecorder.instances[0]!.mimeType).toBe('audio/webm;codecs=opus')
    expect(recorder.state.value).toBe('recording')

    await vi.advanceTimersByTimeAsync(3_100)
    expect(recorder.elapsedMs.value).toBeGreaterThanOrEqual(3_000)
    expect(mic.tracks[0]!.stop).not.toHaveBeenCalled()

    const finishing = recorder.finish()
    expect(recorder.state.value).toBe('sending')
    const file = await finishing
    expect(file).toBeInstanceOf(File)
    expect(file!.name).toBe('voice-message.webm')
    expect(file!.type).toBe('audio/webm')
    expect(file!.size).toBeGreaterThan(0)
    expect(recorder.state.value).toBe('idle')
    expect(allStopped()).toBe(true)
  })

  it.each([
    [['audio/ogg;codecs=opus', 'audio/mp4'], 'voice-message.ogg', 'audio/ogg'],
    [['audio/mp4'], 'voice-message.m4a', 'audio/mp4'],
  ])('falls back to what the browser records (%j): %s', async (supported, name, type) => {
    FakeRecorder.supported = supported
    const { recorder } = setup()
    await recorder.start()
    const file = await recorder.finish()
    expect(file).toMatchObject({ name, type })
  })

  it('cancel throws the recording away and stops the microphone', async () => {
    const { recorder } = setup()
    await recorder.start()
    await vi.advanceTimersByTimeAsync(2_000)
    recorder.cancel()
    expect(allStopped()).toBe(true)
    expect(recorder.state.value).toBe('idle')
    expect(recorder.elapsedMs.value).toBe(0)
    expect(await recorder.finish()).toBeNull()
  })

  it('lets go of a microphone granted after a cancel (the prompt was still up)', async () => {
    const granted = deferred<MediaStream>()
    mic.getUserMedia.mockReturnValueOnce(granted.promise)
    const { recorder } = setup()
    const starting = recorder.start()
    expect(recorder.requesting.value).toBe(true)
    recorder.cancel()
    expect(recorder.requesting.value).toBe(false)
    granted.resolve(mic.stream())
    expect(await starting).toBe(false)
    expect(allStopped()).toBe(true)
    expect(recorder.state.value).toBe('idle')
    expect(FakeRecorder.instances).toHaveLength(0)
  })

  it.each([
    ['NotAllowedError', 'Microphone access was refused.'],
    ['NotFoundError', 'No microphone was found.'],
    ['NotReadableError', 'The microphone could not be started. Another app may be using it.'],
  ])('says why the microphone could not be had (%s)', async (name, text) => {
    mic.getUserMedia.mockRejectedValueOnce(new DOMException('denied', name))
    const { recorder } = setup()
    expect(await recorder.start()).toBe(false)
    expect(recorder.error.value).toBe(text)
    expect(recorder.state.value).toBe('idle')
    // Trying again starts afresh.
    expect(await recorder.start()).toBe(true)
    expect(recorder.error.value).toBeNull()
  })

  it('says so where the browser cannot record', async () => {
    vi.stubGlobal('MediaRecorder', undefined)
    const { recorder } = setup()
    expect(await recorder.start()).toBe(false)
    expect(recorder.error.value).toBe('This browser cannot record voice messages.')
    expect(mic.getUserMedia).not.toHaveBeenCalled()
  })

  it('stops by itself at ten minutes and hands over the recording', async () => {
    const onLimit = vi.fn()
    const { recorder } = setup({ onLimit })
    await recorder.start()
    await vi.advanceTimersByTimeAsync(MAX_RECORDING_MS - 1_000)
    expect(onLimit).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(onLimit).toHaveBeenCalledTimes(1)
    expect(onLimit.mock.calls[0]![0]).toMatchObject({ name: 'voice-message.webm' })
    expect(recorder.state.value).toBe('idle')
    expect(allStopped()).toBe(true)
  })

  it('reports a microphone that goes away while recording, and lets it go', async () => {
    const { recorder } = setup()
    await recorder.start()
    FakeRecorder.instances[0]!.lose()
    expect(recorder.state.value).toBe('idle')
    expect(recorder.error.value).toBe('The microphone stopped recording.')
    expect(allStopped()).toBe(true)
  })

  it('stops the microphone when its component goes', async () => {
    const { recorder, scope } = setup()
    await recorder.start()
    scope.stop()
    expect(allStopped()).toBe(true)
    expect(FakeRecorder.instances[0]!.state).toBe('inactive')
  })
})
