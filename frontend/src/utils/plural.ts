/**
 * Counts with their noun ("1 member", "3 members"), so no screen shows
 * "1 members". English rules via Intl.PluralRules: the SPA's text is English.
 */
const rules = new Intl.PluralRules('en')

/** The noun for `n` alone ("member" or "members"); `many` when the plural is not `one` + "s". */
export function pluralWord(n: number, one: string, many = `${one}s`): string {
  return rules.select(n) === 'one' ? one : many
}

/** `n` and its noun: "1 member", "2 members", "0 replies" (with `many`). */
export function plural(n: number, one: string, many?: string): string {
  return `${n} ${pluralWord(n, one, many)}`
}
