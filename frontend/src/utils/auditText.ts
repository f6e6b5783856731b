import type { AuditEntry } from '@/api/moderation'
import { i18n } from '@/i18n'
import { displayName } from '@/utils/names'

/**
 * The names an audit line (moderation.audit.line.<action>) puts in its
 * placeholders: `actor` always, `target` when the line has one (a member
 * since gone reads "a former member").
 */
export function auditParts(entry: Pick<AuditEntry, 'actor' | 'target'>): { actor: string; target: string } {
  const { t } = i18n.global
  return {
    actor: entry.actor ? displayName(entry.actor) : t('moderation.audit.someone'),
    target: entry.target ? displayName(entry.target) : t('moderation.audit.nobody'),
  }
}
