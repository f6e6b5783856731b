import { isApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { tryAgainText } from '@/i18n/format'

const { t } = i18n.global

/** Which form field a server error code is about, by default. */
const DEFAULT_CODE_FIELDS: Record<string, string> = {
  invalid_username: 'username',
  username_taken: 'username',
  invalid_password: 'password',
  invalid_email: 'email',
  email_taken: 'email',
  invalid_display_name: 'display_name',
  invalid_bio: 'bio',
  invalid_status_text: 'status_text',
}

export interface ServerFormError {
  /** A field of the form, or null for a form-level message. */
  field: string | null
  message: string
}

/**
 * Turns a failed request into a message for a form: on a field when the
 * error's code names one of `fields`, else form-level. `codeFields`
 * overrides the default code → field map for this form.
 */
export function serverFormError(
  err: unknown,
  fields: readonly string[],
  codeFields: Record<string, string> = {},
): ServerFormError {
  if (!isApiError(err)) {
    return { field: null, message: t('errors.generic') }
  }
  if (err.status === 429) {
    return { field: null, message: t('errors.tooManyAttempts', { tryAgain: tryAgainText(err.retryAfter) }) }
  }
  const field = [codeFields[err.code], DEFAULT_CODE_FIELDS[err.code]].find(
    (f): f is string => !!f && fields.includes(f),
  )
  return { field: field ?? null, message: err.message }
}
