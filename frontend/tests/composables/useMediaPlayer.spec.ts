import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'

import { formatDuration, useMediaPlayer } from '@/composables/useMediaPlayer'

/** jsdom's media elements do not play: a stand-in that keeps state and fires the events. */
function fakeMedia(duration = 120) {
  const el = document.createElement('audio')
  let paused = true
  let time = 0
  Object.defineProperties(el, {
    paused: { get: () => paused },
    duration: { get: () => duration },
    currentTime: {
      get: () => time,
      set: (t: number) => {
        time = t
        el.dispatchEvent(new Event('timeupdate'))
      },
    },
  })
  el.play = async () => {
    paused = false
    el.dispatchEvent(new Event('play'))
  }
  el.pause = () => {
    paused = true
    el.dispatchEvent(new Event('pause'))
  }
  return el
}

function setup(durationMs: number | null = null) {
  const el = ref<HTMLMediaElement | null>(null)
  const scope = effectScope()
  const player = scope.run(() => useMediaPlayer(el, durationMs))!
  return { el, player, scope }
}

describe('useMediaPlayer', () => {
  it('plays, pauses and seeks within the medium', async () => {
    const { el, player } = setup(90_000)
    expect(player.duration.value).toBe(90)
    el.value = fakeMedia(120)
    await nextTick()
    el.value.dispatchEvent(new Event('loadedmetadata'))
    expect(player.duration.value).toBe(120)
    await player.toggle()
    expect(player.playing.value).toBe(true)
    player.seek(500)
    expect(player.currentTime.value).toBe(120)
    player.skip(-200)
    expect(player.currentTime.value).toBe(0)
    await player.toggle()
    expect(player.playing.value).toBe(false)
  })

  it('sets the volume and mutes at zero', async () => {
    const { el, player } = setup()
    el.value = fakeMedia()
    await nextTick()
    player.setVolume(0.4)
    expect(player.volume.value).toBeCloseTo(0.4)
    expect(player.muted.value).toBe(false)
    player.setVolume(-1)
    expect(player.muted.value).toBe(true)
    player.toggleMute()
    expect(player.muted.value).toBe(false)
  })

  it('reports a medium that cannot play, and stops listening when disposed', async () => {
    const { el, player, scope } = setup()
    el.value = fakeMedia()
    await nextTick()
    el.value.dispatchEvent(new Event('error'))
    expect(player.error.value).toBe(true)
    scope.stop()
    el.value.dispatchEvent(new Event('play'))
    expect(player.playing.value).toBe(false)
  })

  it('keeps the chosen speed, also for the element loading again', async () => {
    const { el, player } = setup()
    player.cycleRate()
    expect(player.rate.value).toBe(1.5)
    el.value = fakeMedia()
    await nextTick()
    expect(el.value.playbackRate).toBe(1.5)
    expect(el.value.defaultPlaybackRate).toBe(1.5)
    player.cycleRate()
    player.cycleRate()
    expect(el.value.playbackRate).toBe(1)
    player.setRate(2)
    expect(el.value.playbackRate).toBe(2)
  })

  it('takes a duration the API learns later (a recording whose container states none)', async () => {
    const known = ref<number | null>(null)
    const el = ref<HTMLMediaElement | null>(fakeMedia(Number.POSITIVE_INFINITY))
    const player = effectScope().run(() => useMediaPlayer(el, known))!
    el.value!.dispatchEvent(new Event('loadedmetadata'))
    expect(player.duration.value).toBe(0)
    known.value = 4_200
    expect(player.duration.value).toBe(4.2)
  })

  it('formats a clock', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(65.7)).toBe('1:05')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(Number.NaN)).toBe('0:00')
  })
})
