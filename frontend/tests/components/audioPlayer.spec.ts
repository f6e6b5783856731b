import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import type { Media } from '@/api/types'
import AudioPlayer from '@/components/media/AudioPlayer.vue'
import { setLocale } from '@/i18n'

import { media } from '../helpers/groups'

/** 64 slices, loudest 255, as the server computes them. */
const WAVEFORM = Array.from({ length: 64 }, (_, i) => Math.round(((i % 16) / 15) * 255))

function voice(over: Partial<Media> = {}): Media {
  return media('v1', {
    kind: 'audio',
    mime: 'audio/webm',
    status: 'ready',
    duration_ms: 20_000,
    waveform: WAVEFORM,
    ...over,
  })
}

function player(m: Media = voice()) {
  const w = mount(AudioPlayer, { props: { media: m }, attachTo: document.body })
  const audio = w.get('audio').element as HTMLAudioElement
  return { w, audio }
}

const played = (w: ReturnType<typeof player>['w']) => w.findAll('[data-bar]').filter((b) => b.classes('bg-primary')).length

describe('AudioPlayer', () => {
  it('draws the waveform as 64 bars, as tall as each slice is loud', () => {
    const { w } = player()
    const bars = w.findAll('[data-waveform] [data-bar]')
    expect(bars).toHaveLength(64)
    expect(bars[15]!.attributes('style')).toContain('height: 100%')
    // A silent slice still shows.
    expect(bars[0]!.attributes('style')).toContain('height: 8%')
    expect(played(w)).toBe(0)
    expect(w.get('[data-clock]').text()).toBe('0:20')
    w.unmount()
  })

  it('is a slider: the keys seek, and the bars before the playhead are coloured', async () => {
    const { w, audio } = player()
    const slider = w.get('[role="slider"]')
    expect(slider.attributes()).toMatchObject({ 'aria-label': 'Seek audio', 'aria-valuemin': '0', 'aria-valuemax': '20', 'aria-valuenow': '0' })
    expect(slider.attributes('tabindex')).toBe('0')

    await slider.trigger('keydown', { key: 'ArrowRight' })
    expect(audio.currentTime).toBe(1)
    expect(slider.attributes('aria-valuenow')).toBe('1')
    expect(slider.attributes('aria-valuetext')).toBe('0:01 of 0:20')

    await slider.trigger('keydown', { key: 'End' })
    expect(audio.currentTime).toBe(20)
    expect(played(w)).toBe(64)
    await slider.trigger('keydown', { key: 'ArrowRight' })
    expect(audio.currentTime).toBe(20)

    await slider.trigger('keydown', { key: 'Home' })
    expect(audio.currentTime).toBe(0)
    expect(played(w)).toBe(0)
    w.unmount()
  })

  it('seeks where the waveform is clicked', async () => {
    const { w, audio } = player()
    const slider = w.get('[data-waveform]')
    slider.element.getBoundingClientRect = () => ({ left: 100, width: 200 }) as DOMRect
    await slider.trigger('pointerdown', { button: 0, clientX: 200, pointerId: 1 })
    expect(audio.currentTime).toBe(10)
    expect(played(w)).toBe(32)
    w.unmount()
  })

  it('runs from the right in Arabic: a click counts from the right edge, and ← steps forward', async () => {
    await setLocale('ar')
    const { w, audio } = player()
    const slider = w.get('[data-waveform]')
    expect(slider.attributes('aria-label')).toBe('موضع التشغيل في المقطع الصوتي')
    slider.element.getBoundingClientRect = () => ({ left: 100, right: 300, width: 200 }) as DOMRect
    await slider.trigger('pointerdown', { button: 0, clientX: 250, pointerId: 1 })
    expect(audio.currentTime).toBe(5)
    await slider.trigger('keydown', { key: 'ArrowLeft' })
    expect(audio.currentTime).toBe(6)
    await slider.trigger('keydown', { key: 'ArrowRight' })
    expect(audio.currentTime).toBe(5)
    w.unmount()
  })

  it('cycles the playback speed 1× → 1.5× → 2× → 1× and keeps it on the element', async () => {
    const { w, audio } = player()
    const speed = () => w.get('[data-playback-speed]')
    expect(speed().attributes('aria-label')).toBe('Playback speed 1×')
    await speed().trigger('click')
    expect(speed().attributes('aria-label')).toBe('Playback speed 1.5×')
    expect(speed().text()).toBe('1.5×')
    expect(speed().attributes('data-playback-speed')).toBe('1.5')
    expect(audio.playbackRate).toBe(1.5)
    // Kept when the source loads again.
    expect(audio.defaultPlaybackRate).toBe(1.5)
    await speed().trigger('click')
    expect(audio.playbackRate).toBe(2)
    await speed().trigger('click')
    expect(audio.playbackRate).toBe(1)
    expect(speed().attributes('aria-label')).toBe('Playback speed 1×')
    w.unmount()
  })

  it('shows the usual seek bar until the waveform comes, then the waveform (the speed either way)', async () => {
    const { w } = player(voice({ status: 'processing', waveform: null, duration_ms: null }))
    expect(w.find('[data-waveform]').exists()).toBe(false)
    expect(w.find('input[type="range"][aria-label="Seek audio"]').exists()).toBe(true)
    expect(w.find('[data-playback-speed]').exists()).toBe(true)

    await w.setProps({ media: voice() })
    expect(w.findAll('[data-waveform] [data-bar]')).toHaveLength(64)
    expect(w.get('[role="slider"]').attributes('aria-valuemax')).toBe('20')
    w.unmount()
  })
})
