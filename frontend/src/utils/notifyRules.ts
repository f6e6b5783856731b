/**
 * When Confab may make a noise: a conversation's level and mute, and the
 * user's do not disturb (until a time, and daily quiet hours in a time zone).
 * The browser decides its sounds and desktop notifications by the rules the
 * server decides pushes by (crates/domain/src/push/decide.rs,
 * users/do_not_disturb.rs): a message of someone else's counts at level
 * `all`, a mention unless the level is `nothing`; a mute or do not disturb
 * silences both. Pure functions of a clock passed in (ms since the epoch).
 */
import type {
  ConversationNotifications,
  DoNotDisturb,
  NotificationSettingsBody,
  NotifyLevel,
  QuietHours,
} from '@/api/types'
import { i18n } from '@/i18n'
import { clockTime, dayMonthText } from '@/i18n/format'

const { t } = i18n.global

/** A conversation's level and mute (what `Conversation.notifications` holds beyond its ids). */
export type NotifySettings = Pick<ConversationNotifications, 'level' | 'muted' | 'muted_until'>

/** A conversation the server has said nothing about: every message, not muted. */
export const DEFAULT_NOTIFY: NotifySettings = { level: 'all', muted: false, muted_until: null }

/**
 * The levels, in the order menus list them. `label` is read in the language
 * shown each time (notifications.levels.all / mentions / nothing), so a menu
 * rendering it follows a change of language.
 */
export const LEVELS: ReadonlyArray<{ readonly value: NotifyLevel; readonly label: string }> = (
  ['all', 'mentions', 'nothing'] as const
).map((value) => ({
  value,
  get label() {
    return t(`notifications.levels.${value}`)
  },
}))

/**
 * How long the chat header's menu mutes for, in minutes (null: until turned
 * off); `label` in the language shown (notifications.mute.minutes15 / hour1 /
 * hours8 / hours24 / forever).
 */
export const MUTE_CHOICES: ReadonlyArray<{ readonly minutes: number | null; readonly label: string }> = (
  [
    [15, 'minutes15'],
    [60, 'hour1'],
    [8 * 60, 'hours8'],
    [24 * 60, 'hours24'],
    [null, 'forever'],
  ] as const
).map(([minutes, key]) => ({
  minutes,
  get label() {
    return t(`notifications.mute.${key}`)
  },
}))

const MINUTE_MS = 60_000

/** Whether these settings mute at `now`: a timed mute that has ended does not. */
export function isMutedAt(s: NotifySettings | null | undefined, now: number): boolean {
  if (!s?.muted) return false
  if (!s.muted_until) return true
  const end = Date.parse(s.muted_until)
  return Number.isNaN(end) || end > now
}

/** When a timed mute ends (ms), if it is still ahead of `now`. */
export function muteEnd(s: NotifySettings | null | undefined, now: number): number | null {
  if (!s?.muted || !s.muted_until) return null
  const end = Date.parse(s.muted_until)
  return Number.isNaN(end) || end <= now ? null : end
}

/** Mutes for `minutes` from `now` (null: until turned off), keeping the level. */
export function muteBody(level: NotifyLevel, minutes: number | null, now: number): NotificationSettingsBody {
  return {
    level,
    muted: true,
    muted_until: minutes === null ? null : new Date(now + minutes * MINUTE_MS).toISOString(),
  }
}

export function unmuteBody(level: NotifyLevel): NotificationSettingsBody {
  return { level, muted: false, muted_until: null }
}

/** A new level, keeping a mute that is still on (one that has ended is not sent back: the server refuses a past end). */
export function levelBody(current: NotifySettings, level: NotifyLevel, now: number): NotificationSettingsBody {
  if (!isMutedAt(current, now)) return unmuteBody(level)
  return { level, muted: true, muted_until: current.muted_until ?? null }
}

/** "HH:MM" (24-hour) → minutes into the day, or null. */
export function minuteOfDay(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text)
  return m ? Number(m[1]) * 60 + Number(m[2]) : null
}

/** The minute of the day at `now` on the clocks of `timeZone` (IANA), or null for a zone this browser does not know. */
export function minuteIn(timeZone: string, now: number): number | null {
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(now))
  } catch {
    return null
  }
  const hour = Number(parts.find((p) => p.type === 'hour')?.value)
  const minute = Number(parts.find((p) => p.type === 'minute')?.value)
  if (!Number.isFinite(hour) || !Number.isFinite(minute)) return null
  return (hour % 24) * 60 + minute
}

/**
 * Whether `now` falls in the quiet hours: from `start` up to (not including)
 * `end` on the clocks of their time zone, past midnight when `end` is
 * earlier. A zone the browser does not know, or `start` equal to `end`,
 * covers nothing (the server refuses those).
 */
export function inQuietHours(q: QuietHours | null | undefined, now: number): boolean {
  if (!q) return false
  const start = minuteOfDay(q.start)
  const end = minuteOfDay(q.end)
  if (start === null || end === null || start === end) return false
  const minute = minuteIn(q.time_zone, now)
  if (minute === null) return false
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

/** Whether do not disturb is on at `now`: until a time still ahead, or inside the quiet hours. */
export function dndActive(dnd: DoNotDisturb | null | undefined, now: number): boolean {
  if (!dnd) return false
  const until = dnd.until ? Date.parse(dnd.until) : NaN
  return (!Number.isNaN(until) && until > now) || inQuietHours(dnd.quiet_hours, now)
}

/** When something ends, in words: "until 14:30", "until tomorrow 08:00", "until 3 June 14:30"; null: "until you turn it back on". */
export function untilText(iso: string | null | undefined, now: number): string {
  if (!iso) return t('notifications.until.forever')
  const end = new Date(iso)
  const today = new Date(now)
  const days = Math.round(
    (new Date(end.getFullYear(), end.getMonth(), end.getDate()).getTime() -
      new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime()) /
      86_400_000,
  )
  const time = clockTime(iso)
  if (days === 0) return t('notifications.until.time', { time })
  if (days === 1) return t('notifications.until.tomorrow', { time })
  return t('notifications.until.day', { day: dayMonthText(end), time })
}

/** 8:00 tomorrow on this browser's clock: where "until tomorrow morning" ends. */
export function tomorrowMorning(now: number, hour = 8): Date {
  const d = new Date(now)
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, hour, 0, 0, 0)
}

/** This browser's IANA time zone (quiet hours are kept in it), UTC when it does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

export interface AlertInput {
  /** The message's author; null for a system message (a group action). */
  authorId: string | null | undefined
  /** The signed-in user. */
  me: string | null | undefined
  deleted: boolean
  /** The message mentions the user (by name, or `@everyone` in a group). */
  mentioned: boolean
  settings: NotifySettings | null | undefined
  dnd: DoNotDisturb | null | undefined
  now: number
}

/**
 * Whether a new message is worth a sound or a notification, as a push would
 * be owed for it: someone else's, not muted, not during do not disturb, and
 * a mention unless the level is `nothing`, any message at level `all`.
 */
export function wantsAlert(i: AlertInput): boolean {
  if (!i.authorId || i.authorId === i.me || i.deleted) return false
  const s = i.settings ?? DEFAULT_NOTIFY
  if (isMutedAt(s, i.now) || dndActive(i.dnd, i.now)) return false
  return i.mentioned ? s.level !== 'nothing' : s.level === 'all'
}

export interface ChannelInput {
  /** The tab is shown (`document.visibilityState`). */
  visible: boolean
  /** The message's conversation is the one open in this tab. */
  onScreen: boolean
  /** The sound switch of Settings (this browser). */
  soundOn: boolean
  /** This device gets Web Push: the server pushes while no tab of the user is shown. */
  pushOn: boolean
  permission: NotificationPermission | 'unsupported'
}

/**
 * How a wanted alert is given. A shown tab plays the sound, unless the
 * message is in the chat on screen (it is seen arriving). A hidden tab plays
 * it and shows a desktop notification when notifications are allowed, unless
 * this device gets pushes: the push brings both.
 */
export function alertChannels(i: ChannelInput): { sound: boolean; desktop: boolean } {
  if (i.visible) return { sound: i.soundOn && !i.onScreen, desktop: false }
  if (i.pushOn) return { sound: false, desktop: false }
  return { sound: i.soundOn, desktop: i.permission === 'granted' }
}
