import type { RouteLocationRaw } from 'vue-router'

import { REPORT_REASONS, type ReportReason } from '@/api/moderation'
import { i18n } from '@/i18n'

type ReportKind = 'report.received' | 'report.resolved'

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null
}

function reasonText(value: unknown): string {
  const { t } = i18n.global
  return (REPORT_REASONS as readonly unknown[]).includes(value)
    ? t(`moderation.reports.reasons.${value as ReportReason}`)
    : t('moderation.reports.reasons.other')
}

/**
 * What a report notification says (moderation.notifications.*) and the
 * texts of its placeholders: a report waiting in a group's or the site's
 * queue (`{report_id, group_id, reason}`), or how the reporter's own report
 * ended (`{report_id, state, outcome}`).
 */
export function reportNotice(kind: ReportKind, data: Record<string, unknown>): { key: string; parts: Record<string, string> } {
  if (kind === 'report.received') {
    const reason = reasonText(data.reason)
    return textOf(data.group_id)
      ? { key: 'moderation.notifications.reportReceived', parts: { reason } }
      : { key: 'moderation.notifications.reportReceivedSite', parts: { reason } }
  }
  const outcome = textOf(data.outcome)
  const base = data.state === 'dismissed' ? 'moderation.notifications.reportDismissed' : 'moderation.notifications.reportActioned'
  return outcome ? { key: base, parts: { outcome } } : { key: `${base}NoOutcome`, parts: {} }
}

/**
 * Where a report notification leads: a group's queue (its chat with the
 * group panel at Reports), the site's queue (`/admin/reports`), or, for the
 * reporter, "My reports" in Settings.
 */
export function reportTarget(
  kind: ReportKind,
  data: Record<string, unknown>,
  conversationOfGroup: (groupId: string) => string | undefined,
): RouteLocationRaw {
  if (kind === 'report.resolved') return { name: 'settings', hash: '#my-reports' }
  const groupId = textOf(data.group_id)
  if (!groupId) return '/admin/reports'
  const conversationId = conversationOfGroup(groupId)
  return conversationId ? { name: 'chat', params: { id: conversationId }, query: { panel: 'reports' } } : { name: 'groups' }
}
