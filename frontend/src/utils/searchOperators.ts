/**
 * Suggestions for the search box's operators as they are typed (the server
 * parses them: `from:@name` or `from:me`, `in:#group`, `in:@friend`,
 * `in:thread`, `has:link|image|file|audio|video`, `before:`/`after:`/`on:` a
 * day as YYYY-MM-DD, `is:pinned`). Pure: what is suggested for the word at
 * the caret, and the text once one is taken. Words for people are the
 * screen's (search.json); these are the operators' own spellings.
 */

export const OPERATORS = ['from', 'in', 'has', 'before', 'after', 'on', 'is'] as const
export type Operator = (typeof OPERATORS)[number]

export const HAS_VALUES = ['link', 'image', 'file', 'audio', 'video'] as const
export type HasValue = (typeof HAS_VALUES)[number]

/** Most suggestions shown at once. */
export const MAX_SEARCH_SUGGESTIONS = 8
/** A bare word suggests the operators it begins once it has this many letters ("fr" → `from:`). */
const MIN_OPERATOR_PREFIX = 2

/** Someone to suggest after `from:` or `in:@`. */
export interface SuggestedPerson {
  id: string
  username: string
  name: string
}

/** A group to suggest after `in:#`. */
export interface SuggestedGroup {
  id: string
  name: string
}

export interface SuggestionSources {
  /** `from:`: friends, DM peers, the members of the group searched in. */
  people: readonly SuggestedPerson[]
  /** `in:@`: the people one has a DM with (friends and peers). */
  friends: readonly SuggestedPerson[]
  /** `in:#`: one's groups. */
  groups: readonly SuggestedGroup[]
  /** Today and yesterday, as `YYYY-MM-DD` on this browser's calendar. */
  today: string
  yesterday: string
}

/** One suggestion: what replaces the word at the caret (`insert`), and what the list shows of it. */
export type SearchSuggestion = { insert: string } & (
  | { kind: 'operator'; operator: Operator }
  | { kind: 'me' }
  | { kind: 'person'; operator: 'from' | 'in'; person: SuggestedPerson }
  | { kind: 'group'; group: SuggestedGroup }
  | { kind: 'thread' }
  | { kind: 'has'; value: HasValue }
  | { kind: 'pinned' }
  | { kind: 'day'; operator: Operator; day: string; which: 'today' | 'yesterday' }
)

/** The word being typed just before the caret: where it starts, and its text. */
export interface TypedWord {
  start: number
  text: string
}

/** The word the caret ends (none after a space, inside a quoted phrase, or in an -exclusion: operators are not negated). */
export function wordAt(text: string, caret: number): TypedWord | null {
  const before = text.slice(0, caret)
  // An odd number of quotes: the caret is inside a phrase.
  if ((before.match(/"/g)?.length ?? 0) % 2 === 1) return null
  const m = /(?:^|\s)([^\s"]+)$/.exec(before)
  if (!m || m[1]!.startsWith('-')) return null
  return { start: caret - m[1]!.length, text: m[1]! }
}

/** Lower case without accents, for matching what is typed against names. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Whether a name or username starts with `typed`, or a later word of the name does. */
function nameMatches(p: { name: string; username?: string }, typed: string): boolean {
  const t = fold(typed)
  if (!t) return true
  const name = fold(p.name)
  return (!!p.username && fold(p.username).startsWith(t)) || name.startsWith(t) || name.includes(` ${t}`)
}

/** A group as `in:#` names it: quoted when its name has spaces (the server reads `in:#"a b"`). */
function groupValue(g: SuggestedGroup): string {
  const name = g.name.replace(/"/g, '')
  return /\s/.test(name) ? `#"${name}"` : `#${name}`
}

function people(operator: 'from' | 'in', list: readonly SuggestedPerson[], typed: string): SearchSuggestion[] {
  return list
    .filter((p) => nameMatches(p, typed))
    .map((person) => ({ kind: 'person', operator, person, insert: `${operator}:@${person.username} ` }))
}

function valuesOf(operator: Operator, value: string, sources: SuggestionSources): SearchSuggestion[] {
  const v = value.toLowerCase()
  switch (operator) {
    case 'from': {
      const who = v.startsWith('@') ? value.slice(1) : value
      const me: SearchSuggestion[] = !v.startsWith('@') && 'me'.startsWith(v) ? [{ kind: 'me', insert: 'from:me ' }] : []
      return [...me, ...people('from', sources.people, who)]
    }
    case 'in': {
      if (v.startsWith('#')) {
        const typed = value.slice(1).replace(/^"/, '')
        return sources.groups
          .filter((g) => nameMatches(g, typed))
          .map((group) => ({ kind: 'group', group, insert: `in:${groupValue(group)} ` }))
      }
      if (v.startsWith('@')) return people('in', sources.friends, value.slice(1))
      const thread: SearchSuggestion[] = 'thread'.startsWith(v) ? [{ kind: 'thread', insert: 'in:thread ' }] : []
      const groups: SearchSuggestion[] = sources.groups
        .filter((g) => nameMatches(g, value))
        .map((group) => ({ kind: 'group', group, insert: `in:${groupValue(group)} ` }))
      return [...thread, ...groups, ...people('in', sources.friends, value)]
    }
    case 'has':
      return HAS_VALUES.filter((h) => h.startsWith(v)).map((value) => ({ kind: 'has', value, insert: `has:${value} ` }))
    case 'is':
      return 'pinned'.startsWith(v) ? [{ kind: 'pinned', insert: 'is:pinned ' }] : []
    default: {
      const days = [
        { day: sources.today, which: 'today' as const },
        { day: sources.yesterday, which: 'yesterday' as const },
      ]
      return days
        .filter((d) => d.day.startsWith(value))
        .map(({ day, which }) => ({ kind: 'day', operator, day, which, insert: `${operator}:${day} ` }))
    }
  }
}

/** What to suggest for the word typed; nothing once it is complete (it is what a suggestion would insert). */
export function suggestionsFor(word: TypedWord | null, sources: SuggestionSources): SearchSuggestion[] {
  if (!word) return []
  const colon = word.text.indexOf(':')
  let found: SearchSuggestion[]
  if (colon < 0) {
    const typed = word.text.toLowerCase()
    found =
      typed.length < MIN_OPERATOR_PREFIX
        ? []
        : OPERATORS.filter((o) => o.startsWith(typed)).map((operator) => ({ kind: 'operator', operator, insert: `${operator}:` }))
  } else {
    const key = word.text.slice(0, colon).toLowerCase()
    const operator = OPERATORS.find((o) => o === key)
    found = operator ? valuesOf(operator, word.text.slice(colon + 1), sources) : []
  }
  if (found.some((s) => s.insert.trimEnd().toLowerCase() === word.text.toLowerCase())) return []
  return found.slice(0, MAX_SEARCH_SUGGESTIONS)
}

/** The text with the typed word replaced by the suggestion, and where the caret goes (after it). */
export function applySuggestion(
  text: string,
  caret: number,
  word: TypedWord,
  suggestion: SearchSuggestion,
): { text: string; caret: number } {
  const rest = text.slice(caret)
  // Completing a value: no second space when one follows already.
  const insert = suggestion.insert.endsWith(' ') && /^\s/.test(rest) ? suggestion.insert.trimEnd() : suggestion.insert
  return { text: text.slice(0, word.start) + insert + rest, caret: word.start + insert.length }
}

/** Whether the query ends with an operator still without its value (`from:`, `in:#`): the server would refuse it. */
export function endsWithOpenOperator(q: string): boolean {
  const last = q.trimEnd().split(/\s+/).at(-1) ?? ''
  const m = /^([a-z]+):[@#"]?$/i.exec(last)
  return !!m && (OPERATORS as readonly string[]).includes(m[1]!.toLowerCase())
}

/** `YYYY-MM-DD` of a day on this browser's calendar. */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
