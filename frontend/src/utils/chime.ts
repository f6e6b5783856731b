/**
 * The new-message sound: a short two-tone chime made with WebAudio (no
 * file). One oscillator per chime, gliding up a fifth under a soft envelope.
 * Browsers keep audio silent until the page has had a click or a key press;
 * before that the chime is skipped quietly.
 */
type AudioContextCtor = new () => AudioContext

let context: AudioContext | null = null

function audioContext(): AudioContext | null {
  if (context) return context
  const w = window as Window & { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor }
  const Ctor = w.AudioContext ?? w.webkitAudioContext
  if (!Ctor) return null
  try {
    context = new Ctor()
  } catch {
    return null
  }
  return context
}

/** Plays the chime; false when this browser has no audio to play it with. */
export function playChime(): boolean {
  const ctx = audioContext()
  if (!ctx) return false
  if (ctx.state === 'suspended') void ctx.resume().catch(() => {})
  const t = ctx.currentTime
  const osc = ctx.createOscillator()
  const gain = ctx.createGain()
  osc.type = 'sine'
  osc.frequency.setValueAtTime(880, t)
  osc.frequency.setValueAtTime(1320, t + 0.09)
  gain.gain.setValueAtTime(0.0001, t)
  gain.gain.exponentialRampToValueAtTime(0.12, t + 0.015)
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.32)
  osc.connect(gain)
  gain.connect(ctx.destination)
  osc.start(t)
  osc.stop(t + 0.34)
  return true
}
