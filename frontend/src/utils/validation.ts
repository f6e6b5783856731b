/**
 * Client-side checks that mirror the server's rules (SPEC §1 Accounts), so a
 * form can say what is wrong before a round trip. The server stays the judge.
 * What they say is in the message files (auth.validation, groups.validation).
 */
import { i18n } from '@/i18n'

const { t } = i18n.global

export const USERNAME_MIN = 3
export const USERNAME_MAX = 32
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 128

/** Profile limits the API is expected to enforce (to be confirmed by the backend). */
export const DISPLAY_NAME_MAX = 64
export const BIO_MAX = 500
export const STATUS_TEXT_MAX = 128

const USERNAME_RE = /^[a-z0-9_.]+$/i

/** Length in Unicode code points, as a person counts characters. */
export function charCount(s: string): number {
  return [...s].length
}

/** The server lowercases usernames; so do we, and trim stray spaces. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase()
}

export function validateUsername(raw: string): string | null {
  const u = normalizeUsername(raw)
  if (!u) return t('auth.validation.usernameEmpty')
  if (u.length < USERNAME_MIN || u.length > USERNAME_MAX)
    return t('auth.validation.usernameLength', { min: USERNAME_MIN, max: USERNAME_MAX })
  if (!USERNAME_RE.test(u)) return t('auth.validation.usernameCharacters')
  return null
}

export function validatePassword(pw: string): string | null {
  if (!pw) return t('auth.validation.passwordEmpty')
  const n = charCount(pw)
  if (n < PASSWORD_MIN) return t('auth.validation.passwordTooShort', { min: PASSWORD_MIN })
  if (n > PASSWORD_MAX) return t('auth.validation.passwordTooLong', { max: PASSWORD_MAX })
  return null
}

/** The two fields of a new password typed twice (NewPasswordFields). */
export type NewPasswordField = 'new_password' | 'confirm_password'

/**
 * Checks of a new password typed twice, for useFormErrors' validate: 8–128
 * characters, and the repeat the same.
 */
export function newPasswordChecks(
  password: string,
  confirm: string,
  mismatch = t('auth.validation.passwordsDiffer'),
): Record<NewPasswordField, () => string | null> {
  return {
    new_password: () => validatePassword(password),
    confirm_password: () => (confirm === password ? null : mismatch),
  }
}

export function validateEmail(raw: string): string | null {
  const e = raw.trim()
  if (!e) return null // optional
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return t('auth.validation.emailInvalid')
  return null
}

/** `label` is the field's name, as shown (already translated). */
export function validateMaxLength(value: string, max: number, label: string): string | null {
  return charCount(value.trim()) > max ? t('common.validation.tooLong', { label, max }) : null
}

// ---- groups (crates/domain/src/groups/fields.rs) ------------------------------

export const GROUP_NAME_MAX = 64
export const GROUP_DESCRIPTION_MAX = 1000
export const ROLE_NAME_MAX = 32
export const PRIORITY_MIN = -1000
export const PRIORITY_MAX = 1000

/** 1–64 characters. */
export function validateGroupName(name: string): string | null {
  const n = charCount(name.trim())
  if (!n) return t('groups.validation.nameEmpty')
  return n > GROUP_NAME_MAX ? t('common.validation.atMost', { max: GROUP_NAME_MAX }) : null
}

/** A public group's handle: 3–32 letters, digits or '_', starting with a letter (a leading @ is fine). */
export function validateHandle(handle: string): string | null {
  const h = handle.trim().replace(/^@/, '')
  if (!h) return t('groups.validation.handleEmpty')
  if (!/^[A-Za-z][A-Za-z0-9_]{2,31}$/.test(h)) return t('groups.validation.handleShape', { min: 3, max: 32 })
  return null
}

/** `#rrggbb`. */
export function validateColour(colour: string): string | null {
  return /^#[0-9a-fA-F]{6}$/.test(colour.trim()) ? null : t('groups.validation.colourShape', { example: '#3b82f6' })
}
