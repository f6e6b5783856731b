import { nextTick, reactive, ref } from 'vue'

import { serverFormError } from '@/utils/formErrors'

type Check = () => string | null

/**
 * Error state of one form: a message per field plus a form-level one, with
 * helpers to run client checks, place a server error, and move focus to the
 * first error (fields are checked in the order given).
 *
 * Field inputs must have the id `${formId}-${field}`; the form-level alert
 * `${formId}-error` (with tabindex="-1").
 */
export function useFormErrors<F extends string>(formId: string, fields: readonly F[]) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, null]))) as Record<F, string | null>
  const formError = ref<string | null>(null)

  const fieldId = (field: F): string => `${formId}-${field}`
  const formErrorId = `${formId}-error`

  function reset(): void {
    for (const f of fields) errors[f] = null
    formError.value = null
  }

  /** Runs the checks given; true when all pass. */
  function validate(checks: Partial<Record<F, Check>>): boolean {
    reset()
    for (const f of fields) {
      const check = checks[f]
      if (check) errors[f] = check()
    }
    return fields.every((f) => !errors[f])
  }

  function applyServerError(err: unknown, codeFields?: Record<string, F>): void {
    const { field, message } = serverFormError(err, fields, codeFields)
    if (field) errors[field as F] = message
    else formError.value = message
  }

  async function focusFirstError(): Promise<void> {
    await nextTick()
    const first = fields.find((f) => errors[f])
    const el = document.getElementById(first ? fieldId(first) : formErrorId)
    el?.focus()
  }

  return { errors, formError, fieldId, formErrorId, reset, validate, applyServerError, focusFirstError }
}
