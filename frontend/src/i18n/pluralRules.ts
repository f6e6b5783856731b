/**
 * Plural forms chosen by the language's own rules (CLDR, through
 * Intl.PluralRules) rather than vue-i18n's English-shaped default.
 *
 * A plural message lists one form per category the language has, in CLDR's
 * order: zero | one | two | few | many | other, leaving out the categories the
 * language lacks. English and German have `one | other`; Arabic has all six
 * ("{n} أعضاء" for 3–10 is `few`, "{n} عضوًا" for 11–99 is `many`).
 */
import type { PluralizationRule } from 'vue-i18n'

const CLDR_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other']

/** The categories of `locale`, in the order its plural messages list their forms. */
export function pluralCategories(locale: string): Intl.LDMLPluralRule[] {
  const present = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
  return CLDR_ORDER.filter((c) => present.includes(c))
}

/**
 * vue-i18n's rule for `locale`: the index of the form for `count`. A message
 * with fewer forms than the language has (a mistake the completeness test
 * catches) still gets one of its own forms, the last, so it never shows nothing.
 */
export function pluralRule(locale: string): PluralizationRule {
  const rules = new Intl.PluralRules(locale)
  const categories = pluralCategories(locale)
  return (count: number, formCount: number): number => {
    if (formCount === 1) return 0
    const index = categories.indexOf(rules.select(Math.abs(count)))
    return formCount === categories.length && index >= 0 ? index : formCount - 1
  }
}
