/**
 * axe-core in the page under test: WCAG 2.2 A and AA rules (and axe's best
 * practices, reported but not counted), violations as plain data, and a
 * readable list of them for a failure message.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The rule sets run: every WCAG 2.0, 2.1 and 2.2 A and AA rule, and best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

/** The impacts that fail a sweep. */
export const BLOCKING = new Set(['serious', 'critical'])

/**
 * Runs axe on the page as it is now (the whole document, or `include`, a CSS
 * selector); each violation as `{ id, impact, help, targets: [selector…] }`.
 */
export async function axeViolations(page, { include } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(
    async ({ tags, include }) => {
      const results = await window.axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      })
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
        summary: v.nodes[0]?.failureSummary ?? '',
        html: v.nodes[0]?.html ?? '',
      }))
    },
    { tags: AXE_TAGS, include },
  )
}

/** "[serious] color-contrast: Elements must meet… — at .btn, #x" lines, for one screen. */
export function formatViolations(screen, violations) {
  return violations
    .map((v) => {
      const where = v.targets.slice(0, 6).join(', ') + (v.targets.length > 6 ? `, … (${v.targets.length} in all)` : '')
      const why = v.summary.split('\n').slice(0, 3).join(' ').trim()
      const html = v.html.length > 160 ? `${v.html.slice(0, 160)}…` : v.html
      return `  ${screen}: [${v.impact}] ${v.id}: ${v.help}\n      at ${where}\n      ${html}${why ? `\n      ${why}` : ''}`
    })
    .join('\n')
}
