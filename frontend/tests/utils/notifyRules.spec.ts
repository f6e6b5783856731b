import { describe, expect, it } from 'vitest'

import {
  alertChannels,
  dndActive,
  inQuietHours,
  isMutedAt,
  LEVELS,
  levelBody,
  minuteIn,
  minuteOfDay,
  MUTE_CHOICES,
  muteBody,
  muteEnd,
  tomorrowMorning,
  unmuteBody,
  untilText,
  wantsAlert,
  type AlertInput,
  type ChannelInput,
} from '@/utils/notifyRules'
import { setLocale } from '@/i18n'
import { clockTime } from '@/i18n/format'

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0)
const at = (ms: number) => new Date(ms).toISOString()
const MIN = 60_000
const utc = (y: number, mo: number, d: number, h: number, m: number) => Date.UTC(y, mo - 1, d, h, m)

describe('the menu’s words', () => {
  it('name the levels and mutes in the language shown, read anew after a change', async () => {
    expect(LEVELS.map((l) => l.label)).toEqual(['All messages', 'Mentions only', 'Nothing'])
    expect(MUTE_CHOICES.map((c) => c.label)).toContain('For 1 hour')
    await setLocale('de')
    expect(LEVELS.map((l) => l.label)).toEqual(['Alle Nachrichten', 'Nur Erwähnungen', 'Nichts'])
    expect(MUTE_CHOICES.find((c) => c.minutes === null)?.label).toBe('Bis ich es wieder einschalte')
  })
})

describe('mutes', () => {
  it('a mute holds until its end, or until turned off; an ended one is off', () => {
    expect(isMutedAt({ level: 'all', muted: false, muted_until: null }, T0)).toBe(false)
    expect(isMutedAt({ level: 'all', muted: true, muted_until: null }, T0)).toBe(true)
    expect(isMutedAt({ level: 'all', muted: true, muted_until: at(T0 + MIN) }, T0)).toBe(true)
    expect(isMutedAt({ level: 'all', muted: true, muted_until: at(T0) }, T0)).toBe(false)
    expect(isMutedAt({ level: 'all', muted: true, muted_until: at(T0 - MIN) }, T0)).toBe(false)
    expect(isMutedAt(undefined, T0)).toBe(false)
    expect(muteEnd({ level: 'all', muted: true, muted_until: at(T0 + MIN) }, T0)).toBe(T0 + MIN)
    expect(muteEnd({ level: 'all', muted: true, muted_until: null }, T0)).toBeNull()
    expect(muteEnd({ level: 'all', muted: true, muted_until: at(T0 - MIN) }, T0)).toBeNull()
  })

  it('builds the bodies the server takes: a timed mute ends ahead, until turned off has no end', () => {
    expect(muteBody('mentions', 60, T0)).toEqual({ level: 'mentions', muted: true, muted_until: at(T0 + 60 * MIN) })
    expect(muteBody('all', null, T0)).toEqual({ level: 'all', muted: true, muted_until: null })
    expect(unmuteBody('nothing')).toEqual({ level: 'nothing', muted: false, muted_until: null })
  })

  it('a new level keeps a mute that is on, and never sends back one that has ended', () => {
    const on = { level: 'all' as const, muted: true, muted_until: at(T0 + 15 * MIN) }
    expect(levelBody(on, 'mentions', T0)).toEqual({ level: 'mentions', muted: true, muted_until: at(T0 + 15 * MIN) })
    expect(levelBody({ ...on, muted_until: null }, 'nothing', T0)).toEqual({ level: 'nothing', muted: true, muted_until: null })
    // Ended a minute ago: the server would refuse an end in the past.
    expect(levelBody({ ...on, muted_until: at(T0 - MIN) }, 'mentions', T0)).toEqual({
      level: 'mentions',
      muted: false,
      muted_until: null,
    })
  })
})

describe('quiet hours', () => {
  const hours = (start: string, end: string, time_zone: string) => ({ start, end, time_zone })

  it('reads HH:MM', () => {
    expect(minuteOfDay('00:00')).toBe(0)
    expect(minuteOfDay('22:30')).toBe(22 * 60 + 30)
    expect(minuteOfDay('24:00')).toBeNull()
    expect(minuteOfDay('7:00')).toBeNull()
    expect(minuteIn('Asia/Kolkata', utc(2026, 1, 10, 20, 0))).toBe(1 * 60 + 30)
    expect(minuteIn('Mars/Olympus', T0)).toBeNull()
  })

  // The server's own cases (crates/domain/src/users/do_not_disturb.rs), at the same instants.
  it('wrap past midnight on the clocks of the user’s zone, daylight saving included', () => {
    const night = hours('22:00', '07:00', 'Europe/Berlin')
    // 21:30 UTC in January is 22:30 in Berlin; 06:30 UTC is 07:30.
    expect(inQuietHours(night, utc(2026, 1, 10, 21, 30))).toBe(true)
    expect(inQuietHours(night, utc(2026, 1, 10, 5, 59))).toBe(true)
    expect(inQuietHours(night, utc(2026, 1, 10, 6, 30))).toBe(false)
    expect(inQuietHours(night, utc(2026, 1, 10, 12, 0))).toBe(false)
    // In July Berlin is UTC+2: 20:30 UTC is already 22:30 there.
    expect(inQuietHours(night, utc(2026, 7, 10, 20, 30))).toBe(true)
    const lunch = hours('12:00', '13:00', 'UTC')
    expect(inQuietHours(lunch, utc(2026, 7, 10, 12, 59))).toBe(true)
    expect(inQuietHours(lunch, utc(2026, 7, 10, 13, 0))).toBe(false)
  })

  it('start inclusive, end exclusive, on either side of midnight, in a zone far from UTC', () => {
    const night = hours('23:00', '06:00', 'America/Los_Angeles') // UTC-8 in January
    expect(inQuietHours(night, utc(2026, 1, 10, 6, 59))).toBe(false) // 22:59
    expect(inQuietHours(night, utc(2026, 1, 10, 7, 0))).toBe(true) // 23:00
    expect(inQuietHours(night, utc(2026, 1, 10, 8, 0))).toBe(true) // 00:00
    expect(inQuietHours(night, utc(2026, 1, 10, 13, 59))).toBe(true) // 05:59
    expect(inQuietHours(night, utc(2026, 1, 10, 14, 0))).toBe(false) // 06:00
  })

  it('covers nothing for equal ends, a zone the browser does not know, or none', () => {
    expect(inQuietHours(hours('22:00', '22:00', 'UTC'), utc(2026, 1, 10, 22, 0))).toBe(false)
    expect(inQuietHours(hours('22:00', '07:00', 'Mars/Olympus'), utc(2026, 1, 10, 23, 0))).toBe(false)
    expect(inQuietHours(null, T0)).toBe(false)
  })

  it('do not disturb is on until its time, and during quiet hours', () => {
    expect(dndActive({ until: at(T0 + MIN), quiet_hours: null }, T0)).toBe(true)
    expect(dndActive({ until: at(T0 - MIN), quiet_hours: null }, T0)).toBe(false)
    expect(dndActive({ until: null, quiet_hours: hours('11:00', '13:00', 'UTC') }, T0)).toBe(true)
    expect(dndActive({ until: at(T0 - MIN), quiet_hours: hours('13:00', '14:00', 'UTC') }, T0)).toBe(false)
    expect(dndActive(undefined, T0)).toBe(false)
  })

  it('“until tomorrow 8:00” is 8:00 of the next day on this browser’s clock', () => {
    const local = new Date(2026, 0, 31, 23, 30).getTime()
    expect(tomorrowMorning(local)).toEqual(new Date(2026, 1, 1, 8, 0))
  })

  it('says when a mute ends in words', () => {
    const now = new Date(2026, 0, 10, 9, 0).getTime()
    expect(untilText(null, now)).toBe('until you turn it back on')
    const later = new Date(2026, 0, 10, 10, 0).toISOString()
    const tomorrow = new Date(2026, 0, 11, 8, 0).toISOString()
    const days = new Date(2026, 0, 14, 8, 0).toISOString()
    // Times in the browser's own way of writing them ("10:00", "10:00 AM").
    expect(untilText(later, now)).toBe(`until ${clockTime(later)}`)
    expect(untilText(tomorrow, now)).toBe(`until tomorrow ${clockTime(tomorrow)}`)
    expect(untilText(days, now)).toMatch(new RegExp(`^until (14 January|January 14) ${clockTime(days)}$`))
  })
})

describe('what makes a sound or a notification', () => {
  const base: AlertInput = {
    authorId: 'bob',
    me: 'alice',
    deleted: false,
    mentioned: false,
    settings: { level: 'all', muted: false, muted_until: null },
    dnd: { until: null, quiet_hours: null },
    now: T0,
  }
  const wants = (over: Partial<AlertInput>) => wantsAlert({ ...base, ...over })
  const level = (l: 'all' | 'mentions' | 'nothing') => ({ level: l, muted: false, muted_until: null })

  it('follows the level as pushes do: a message at `all`, a mention unless `nothing`', () => {
    expect(wants({})).toBe(true)
    expect(wants({ settings: level('mentions') })).toBe(false)
    expect(wants({ settings: level('mentions'), mentioned: true })).toBe(true)
    expect(wants({ settings: level('nothing'), mentioned: true })).toBe(false)
    expect(wants({ settings: undefined })).toBe(true)
  })

  it('a mute silences messages and mentions alike, until it ends', () => {
    const muted = { level: 'all' as const, muted: true, muted_until: at(T0 + 60 * MIN) }
    expect(wants({ settings: muted })).toBe(false)
    expect(wants({ settings: muted, mentioned: true })).toBe(false)
    expect(wants({ settings: muted, now: T0 + 61 * MIN })).toBe(true)
  })

  it('do not disturb silences everything, until a time or in quiet hours', () => {
    expect(wants({ dnd: { until: at(T0 + MIN), quiet_hours: null }, mentioned: true })).toBe(false)
    expect(wants({ dnd: { until: null, quiet_hours: { start: '11:00', end: '12:30', time_zone: 'UTC' } } })).toBe(false)
    expect(wants({ dnd: { until: null, quiet_hours: { start: '12:30', end: '11:00', time_zone: 'UTC' } } })).toBe(true)
  })

  it('never for my own messages, system lines or deleted messages', () => {
    expect(wants({ authorId: 'alice' })).toBe(false)
    expect(wants({ authorId: null })).toBe(false)
    expect(wants({ deleted: true })).toBe(false)
  })

  const channel: ChannelInput = { visible: true, onScreen: false, soundOn: true, pushOn: false, permission: 'granted' }
  const channels = (over: Partial<ChannelInput>) => alertChannels({ ...channel, ...over })

  it('a shown tab chimes for another chat, not for the one on screen, and never shows a desktop notification', () => {
    expect(channels({})).toEqual({ sound: true, desktop: false })
    expect(channels({ onScreen: true })).toEqual({ sound: false, desktop: false })
    expect(channels({ soundOn: false })).toEqual({ sound: false, desktop: false })
  })

  it('a hidden tab chimes and notifies when allowed, unless this device gets pushes', () => {
    expect(channels({ visible: false, onScreen: true })).toEqual({ sound: true, desktop: true })
    expect(channels({ visible: false, permission: 'default' })).toEqual({ sound: true, desktop: false })
    expect(channels({ visible: false, permission: 'denied', soundOn: false })).toEqual({ sound: false, desktop: false })
    expect(channels({ visible: false, pushOn: true })).toEqual({ sound: false, desktop: false })
  })
})
