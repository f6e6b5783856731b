import { computed, onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'

import { formatNumber } from '@/i18n/format'

/** The playback speeds the speed button goes through, in order. */
export const PLAYBACK_RATES = [1, 1.5, 2] as const

/**
 * State and controls of an `<audio>` or `<video>` element without native
 * controls: the app's players draw their own buttons and seek bar from this.
 */
export function useMediaPlayer(
  element: Ref<HTMLMediaElement | null>,
  knownDurationMs?: MaybeRefOrGetter<number | null | undefined>,
) {
  const playing = ref(false)
  const currentTime = ref(0)
  /** The container's duration once it states one (a recorded WebM often does not). */
  const reported = ref(0)
  /** Seconds; the container's, or the API's `duration_ms` until it is known. */
  const duration = computed(() => reported.value || (toValue(knownDurationMs) ?? 0) / 1000)
  const volume = ref(1)
  const muted = ref(false)
  const error = ref(false)
  /** The playback speed chosen (kept when the element loads again). */
  const rate = ref<number>(1)

  const sync = {
    play: () => (playing.value = true),
    pause: () => (playing.value = false),
    ended: () => (playing.value = false),
    timeupdate: () => (currentTime.value = element.value?.currentTime ?? 0),
    durationchange: () => {
      const d = element.value?.duration
      if (d && Number.isFinite(d)) reported.value = d
    },
    loadedmetadata: () => sync.durationchange(),
    volumechange: () => {
      volume.value = element.value?.volume ?? 1
      muted.value = element.value?.muted ?? false
    },
    error: () => (error.value = true),
  }

  function bind(el: HTMLMediaElement | null, old?: HTMLMediaElement | null): void {
    for (const [name, fn] of Object.entries(sync)) {
      old?.removeEventListener(name, fn)
      el?.addEventListener(name, fn)
    }
    if (el) applyRate(el)
  }

  function applyRate(el: HTMLMediaElement): void {
    // The default too: loading the source again sets the speed back to it.
    el.defaultPlaybackRate = rate.value
    el.playbackRate = rate.value
  }
  watch(element, (el, old) => bind(el, old), { immediate: true })
  onScopeDispose(() => bind(null, element.value))

  async function toggle(): Promise<void> {
    const el = element.value
    if (!el) return
    if (el.paused) {
      try {
        await el.play()
      } catch {
        playing.value = false
      }
    } else el.pause()
  }

  /** Jumps to a time in seconds, kept within the medium. */
  function seek(seconds: number): void {
    const el = element.value
    if (!el) return
    const end = duration.value || el.duration || 0
    const t = Math.max(0, end ? Math.min(end, seconds) : seconds)
    el.currentTime = t
    currentTime.value = t
  }

  function skip(seconds: number): void {
    seek(currentTime.value + seconds)
  }

  function setVolume(v: number): void {
    const el = element.value
    if (!el) return
    el.volume = Math.max(0, Math.min(1, v))
    el.muted = el.volume === 0
    sync.volumechange()
  }

  function toggleMute(): void {
    const el = element.value
    if (!el) return
    el.muted = !el.muted
    sync.volumechange()
  }

  function setRate(r: number): void {
    rate.value = r
    if (element.value) applyRate(element.value)
  }

  /** The next of {@link PLAYBACK_RATES} (after 2× comes 1× again). */
  function cycleRate(): void {
    const i = PLAYBACK_RATES.findIndex((r) => r === rate.value)
    setRate(PLAYBACK_RATES[(i + 1) % PLAYBACK_RATES.length]!)
  }

  return {
    playing,
    currentTime,
    duration,
    volume,
    muted,
    error,
    rate,
    toggle,
    seek,
    skip,
    setVolume,
    toggleMute,
    setRate,
    cycleRate,
  }
}

/** "1×", "1.5×" ("1,5×" in German): a playback speed as its button shows it. */
export function rateText(rate: number): string {
  return `${formatNumber(rate)}×`
}

/** `m:ss` (or `h:mm:ss`) for a player's clock. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}
