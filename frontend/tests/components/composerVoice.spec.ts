import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { uploadMedia } from '@/api/media'
import MessageComposer from '@/components/chats/MessageComposer.vue'

import { me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { media } from '../helpers/groups'
import { installMicrophone, type FakeMicrophone } from '../helpers/microphone'

vi.mock('@/api/media', () => ({ uploadMedia: vi.fn() }))

let mic: FakeMicrophone

function composer(props: Record<string, unknown> = {}) {
  return mount(MessageComposer, {
    props: { conversationId: 'c1', replyTo: null, editing: null, draft: 'typed, not sent', ...props },
    attachTo: document.body,
  })
}
type Composer = ReturnType<typeof composer>

const micButton = (w: Composer) => w.get('button[aria-label="Record a voice message"]')
const bar = (w: Composer) => w.find('[data-voice-recorder]')

/** A press of the microphone button held for `ms`. */
async function press(w: Composer, ms = 0) {
  await micButton(w).trigger('pointerdown', { button: 0 })
  await flushPromises()
  if (ms) await vi.advanceTimersByTimeAsync(ms)
  window.dispatchEvent(new Event('pointerup'))
  await flushPromises()
}

describe('MessageComposer’s voice messages', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    mic = installMicrophone()
    vi.mocked(uploadMedia).mockReset().mockResolvedValue(media('v1', { kind: 'audio', mime: 'audio/webm' }))
  })
  afterEach(() => {
    mic.uninstall()
    vi.useRealTimers()
  })

  it('a click records with a live clock; Send uploads it and sends it alone, keeping the typed text', async () => {
    const w = composer()
    await press(w)
    expect(bar(w).exists()).toBe(true)
    const timer = w.get('[role="timer"]')
    expect(timer.attributes('aria-label')).toBe('Recording 0:00')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Send voice message')

    await vi.advanceTimersByTimeAsync(3_100)
    expect(timer.text()).toBe('0:03')
    expect(timer.attributes('aria-label')).toBe('Recording 0:03')

    await w.get('button[aria-label="Send voice message"]').trigger('click')
    await flushPromises()
    const [file] = vi.mocked(uploadMedia).mock.calls[0]!
    expect(file).toMatchObject({ name: 'voice-message.webm', type: 'audio/webm' })
    expect(w.emitted('send')).toEqual([['', [expect.objectContaining({ id: 'v1' })]]])
    expect(bar(w).exists()).toBe(false)
    expect(w.findAll('[data-draft]')).toHaveLength(0)
    expect((w.get('textarea').element as HTMLTextAreaElement).value).toBe('typed, not sent')
    expect(mic.tracks[0]!.stop).toHaveBeenCalled()
    w.unmount()
  })

  it('held down, letting go sends', async () => {
    const w = composer()
    await press(w, 1_500)
    await flushPromises()
    expect(vi.mocked(uploadMedia)).toHaveBeenCalledTimes(1)
    expect(w.emitted('send')).toHaveLength(1)
    expect(bar(w).exists()).toBe(false)
    w.unmount()
  })

  it('Escape or Cancel throws the recording away and lets go of the microphone', async () => {
    const w = composer()
    await press(w)
    await bar(w).trigger('keydown', { key: 'Escape' })
    expect(bar(w).exists()).toBe(false)
    expect(mic.tracks[0]!.stop).toHaveBeenCalled()

    await press(w)
    await w.get('button[aria-label="Cancel recording"]').trigger('click')
    expect(bar(w).exists()).toBe(false)
    expect(mic.tracks[1]!.stop).toHaveBeenCalled()
    expect(uploadMedia).not.toHaveBeenCalled()
    expect(w.emitted('send')).toBeUndefined()
    w.unmount()
  })

  it('starts from the keyboard too (a click without a pointer)', async () => {
    const w = composer()
    await micButton(w).trigger('click')
    await flushPromises()
    expect(bar(w).exists()).toBe(true)
    w.unmount()
    expect(mic.tracks[0]!.stop).toHaveBeenCalled()
  })

  it('says when the microphone is refused', async () => {
    mic.getUserMedia.mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'))
    const w = composer()
    await press(w)
    expect(bar(w).exists()).toBe(false)
    expect(w.get('[role="alert"]').text()).toBe('Microphone access was refused.')
    w.unmount()
  })

  it('offers no microphone while editing or without the right to send media', () => {
    for (const props of [{ noMedia: true }, { editing: message(1, { author_id: me.id }) }]) {
      const w = composer(props)
      expect(w.find('[data-record-voice]').exists()).toBe(false)
      w.unmount()
    }
    const w = composer()
    expect(micButton(w).attributes('title')).toContain('hold')
    w.unmount()
  })
})
