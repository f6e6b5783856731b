/**
 * Dates, times, durations, numbers and sizes as people read them, in the
 * language shown (through Intl, with the browser's variant of that language:
 * en-GB writes "14:05" and "3 June", en-US "2:05 PM" and "June 3"). The one
 * place the app formats them: components and utils call these, never
 * `toLocaleString` or `Intl.*Format` themselves.
 *
 * Everything reads the current language when called, so text computed while
 * rendering follows a change of language.
 */
import { currentFormattingTag, i18n } from './index'

const { t } = i18n.global

const DAY_MS = 86_400_000
const MINUTE_S = 60
const HOUR_S = 3_600
const DAY_S = 86_400

// Building an Intl formatter costs far more than using one, and a chat formats
// a time per message: one formatter per language and set of options.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat>()

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.ListFormat>(
  kind: string,
  options: object,
  make: (tag: string) => F,
): F {
  const tag = currentFormattingTag()
  const key = `${kind}|${tag}|${JSON.stringify(options)}`
  let formatter = formatters.get(key) as F | undefined
  if (!formatter) {
    formatter = make(tag)
    formatters.set(key, formatter)
  }
  return formatter
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', options, (tag) => new Intl.DateTimeFormat(tag, options))
}

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached('number', options, (tag) => new Intl.NumberFormat(tag, options))
}

function relativeFormat(options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return cached('relative', options, (tag) => new Intl.RelativeTimeFormat(tag, options))
}

function listFormat(options: Intl.ListFormatOptions): Intl.ListFormat {
  return cached('list', options, (tag) => new Intl.ListFormat(tag, options))
}

function toDate(value: string | Date): Date {
  return typeof value === 'string' ? new Date(value) : value
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** Calendar days from `d` to `now` on this browser's clock (0: same day, 1: yesterday). */
function daysBefore(d: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(d)) / DAY_MS)
}

// ---- numbers --------------------------------------------------------------------------

/** "1,234" / "1.234": counts and other numbers shown to people (plural messages take it as `n`). */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(options).format(value)
}

/** "840 bytes", "12 kB", "3.4 MB", "1.2 GB" (binary multiples, as file managers count them). */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return numberFormat({ style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes)
  if (bytes < 1024 ** 2) {
    return numberFormat({ style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.round(bytes / 1024))
  }
  const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 }
  if (bytes < 1024 ** 3) return numberFormat({ style: 'unit', unit: 'megabyte', ...oneDecimal }).format(bytes / 1024 ** 2)
  return numberFormat({ style: 'unit', unit: 'gigabyte', ...oneDecimal }).format(bytes / 1024 ** 3)
}

// ---- lists ---------------------------------------------------------------------------

/** "Send messages, Pin messages and Kick members": names joined as the language joins a list. */
export function listText(items: readonly string[]): string {
  return listFormat({ type: 'conjunction', style: 'long' }).format(items)
}

// ---- dates and times ------------------------------------------------------------------

/** A key that is equal for two times on the same local calendar day. */
export function dayKey(iso: string): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
}

/** "14:05" or "2:05 PM", as the language writes a time of day. */
export function clockTime(value: string | Date): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit' }).format(toDate(value))
}

/** "8:00 AM" or "08:00": an hour of the day on its own, as in "until tomorrow 8:00". */
export function timeOfDayText(value: string | Date): string {
  return dateFormat({ hour: 'numeric', minute: '2-digit' }).format(toDate(value))
}

/** "4 January 2026" (`long`) or "4 Jan 2026" (`short`). */
export function dateText(value: string | Date, form: 'long' | 'short' = 'long'): string {
  return dateFormat({ day: 'numeric', month: form, year: 'numeric' }).format(toDate(value))
}

/** "3 June" in the language's order, without the year. */
export function dayMonthText(value: string | Date): string {
  return dateFormat({ day: 'numeric', month: 'long' }).format(toDate(value))
}

/** The date and time in full, for a tooltip on a shorter label ("4 Jan 2026, 14:05"). */
export function dateTimeText(value: string | Date): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value))
}

/** "Today", "Yesterday", "Monday 3 June", or with the year when not this year. */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  const days = daysBefore(d, now)
  if (days === 0) return t('common.time.today')
  if (days === 1) return t('common.time.yesterday')
  return dateFormat({
    weekday: days < 7 && days > 0 ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: d.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  }).format(d)
}

/** For a list row: the time today, "Yesterday", else a short date. */
export function shortStamp(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  const days = daysBefore(d, now)
  if (days === 0) return clockTime(d)
  if (days === 1) return t('common.time.yesterday')
  return dateFormat({
    day: 'numeric',
    month: 'short',
    year: d.getFullYear() === now.getFullYear() ? undefined : '2-digit',
  }).format(d)
}

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", else "on Monday 3 June". */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const secs = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000))
  if (secs < MINUTE_S) return t('common.time.justNow')
  const always = relativeFormat({ numeric: 'always' })
  const mins = Math.floor(secs / MINUTE_S)
  if (mins < 60) return always.format(-mins, 'minute')
  const hours = Math.floor(mins / 60)
  if (hours < 24) return always.format(-hours, 'hour')
  if (daysBefore(new Date(iso), now) === 1) return relativeFormat({ numeric: 'auto' }).format(-1, 'day')
  return t('common.time.onDay', { day: dayLabel(iso, now) })
}

// ---- durations ------------------------------------------------------------------------

/**
 * A wait in its largest whole unit, rounded up: saying less than the server
 * asked for sends people back too early, to be refused again.
 */
function wait(seconds: number): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < MINUTE_S) return { value: s, unit: 'second' }
  if (s < HOUR_S) return { value: Math.ceil(s / MINUTE_S), unit: 'minute' }
  if (s < DAY_S) return { value: Math.ceil(s / HOUR_S), unit: 'hour' }
  return { value: Math.ceil(s / DAY_S), unit: 'day' }
}

/** "30 seconds", "44 minutes", "2 hours", "1 day". */
export function durationText(seconds: number): string {
  const { value, unit } = wait(seconds)
  return numberFormat({ style: 'unit', unit, unitDisplay: 'long' }).format(value)
}

/** "in 44 minutes", "in 2 hours": a wait counted from now. */
export function inDurationText(seconds: number): string {
  const { value, unit } = wait(seconds)
  return relativeFormat({ numeric: 'always' }).format(value, unit)
}

/** "Try again in 44 minutes." from a 429's Retry-After (seconds); "Try again in a moment." without one. */
export function tryAgainText(retryAfter: number | undefined): string {
  return retryAfter && retryAfter > 0
    ? t('common.tryAgainIn', { when: inDurationText(retryAfter) })
    : t('common.tryAgainSoon')
}
