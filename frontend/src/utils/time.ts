/** Dates and times as people read them in a chat, in the browser's locale and zone. */
import { plural } from '@/utils/plural'

const DAY_MS = 86_400_000

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** A key that is equal for two times on the same local calendar day. */
export function dayKey(iso: string): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
}

/** "14:05" */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

/** "Today", "Yesterday", "Monday 3 June", or with the year when not this year. */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  const days = Math.round((startOfDay(now) - startOfDay(d)) / DAY_MS)
  if (days === 0) return 'Today'
  if (days === 1) return 'Yesterday'
  const sameYear = d.getFullYear() === now.getFullYear()
  return d.toLocaleDateString(undefined, {
    weekday: days < 7 && days > 0 ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: sameYear ? undefined : 'numeric',
  })
}

/** For a list row: the time today, "Yesterday", else a short date. */
export function shortStamp(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  const days = Math.round((startOfDay(now) - startOfDay(d)) / DAY_MS)
  if (days === 0) return clockTime(iso)
  if (days === 1) return 'Yesterday'
  return d.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: d.getFullYear() === now.getFullYear() ? undefined : '2-digit',
  })
}

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", else a date. */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const secs = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000))
  if (secs < 60) return 'just now'
  const mins = Math.floor(secs / 60)
  if (mins < 60) return `${plural(mins, 'minute')} ago`
  const hours = Math.floor(mins / 60)
  if (hours < 24) return `${plural(hours, 'hour')} ago`
  const label = dayLabel(iso, now)
  return label === 'Yesterday' ? 'yesterday' : `on ${label}`
}

const MINUTE_S = 60
const HOUR_S = 3_600
const DAY_S = 86_400

/**
 * A wait in words ("30 seconds", "44 minutes", "2 hours"), in its largest
 * whole unit. Rounded up: saying less than the server asked for sends people
 * back too early, to be refused again.
 */
export function durationText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < MINUTE_S) return plural(s, 'second')
  if (s < HOUR_S) return plural(Math.ceil(s / MINUTE_S), 'minute')
  if (s < DAY_S) return plural(Math.ceil(s / HOUR_S), 'hour')
  return plural(Math.ceil(s / DAY_S), 'day')
}

/** "Try again in 44 minutes." from a 429's Retry-After (seconds); "Try again in a moment." without one. */
export function tryAgainText(retryAfter: number | undefined): string {
  return retryAfter && retryAfter > 0 ? `Try again in ${durationText(retryAfter)}.` : 'Try again in a moment.'
}
