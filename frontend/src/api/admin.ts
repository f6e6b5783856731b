/**
 * `/admin/*` and the settling of reports: the site administrators' console
 * (docs/openapi.json, tag `admin`). Every call needs a login of an account
 * with `site_admin`; others get 403 `admin_only`.
 */
import { api } from './client'
import type { Schemas } from './types'

/** `GET /admin/stats`: the instance at a glance. */
export type InstanceStats = Schemas['InstanceStats']
/** One UTC day of `InstanceStats.messages_per_day`. */
export type DayCount = Schemas['DayCount']
/** An account as administrators see it: profile, email, last seen, disabled and why. */
export type AdminUser = Schemas['AdminUser']
/** Any group, private ones too, with its owner. */
export type AdminGroup = Schemas['AdminGroup']
/** A report as its handlers see it (the reported text as it was, reporter, target, outcome). */
export type AdminReport = Schemas['Report']
export type ReportState = AdminReport['state']
export type ReportReason = AdminReport['reason']
/** `POST /reports/{id}/resolve`: how it ends and what the reporter is told. */
export type Resolution = Schemas['ResolveRequest']
/** One row of the site audit log. */
export type SiteAuditEntry = Schemas['SiteAuditEntry']
export type SiteAction = SiteAuditEntry['action']

/** A page of a newest-first list: `next_before` is the cursor of the next (older) page, null on the last. */
export interface CursorPage<T> {
  items: T[]
  next_before?: string | null
}

/** The actions of the site audit log, in the order the filter lists them. */
export const SITE_ACTIONS: readonly SiteAction[] = [
  'account_disabled',
  'account_enabled',
  'group_deleted',
  'report_resolved',
  'admin_granted',
  'admin_revoked',
]

export const REPORT_STATES: readonly ReportState[] = ['open', 'actioned', 'dismissed']

export interface UserQuery {
  q?: string
  /** Only disabled accounts. */
  disabled?: boolean
  before?: string | null
}

export const adminApi = {
  stats: () => api.get<InstanceStats>('/admin/stats'),

  users: ({ q, disabled, before }: UserQuery = {}) =>
    api.get<CursorPage<AdminUser>>('/admin/users', {
      query: { q: q || undefined, disabled: disabled || undefined, before: before ?? undefined },
    }),
  user: (id: string) => api.get<AdminUser>(`/admin/users/${id}`),
  disable: (id: string, reason: string) => api.post<AdminUser>(`/admin/users/${id}/disable`, { reason }),
  enable: (id: string, reason: string) => api.post<AdminUser>(`/admin/users/${id}/enable`, { reason }),

  groups: ({ q, before }: { q?: string; before?: string | null } = {}) =>
    api.get<CursorPage<AdminGroup>>('/admin/groups', { query: { q: q || undefined, before: before ?? undefined } }),
  /** The reason travels in `X-Audit-Log-Reason`, percent-encoded (a header is Latin-1 at best). */
  deleteGroup: (id: string, reason: string) =>
    api.delete<void>(`/admin/groups/${id}`, undefined, { headers: { 'X-Audit-Log-Reason': encodeURIComponent(reason) } }),

  reports: ({ state, before }: { state?: ReportState | null; before?: string | null } = {}) =>
    api.get<CursorPage<AdminReport>>('/admin/reports', {
      query: { state: state ?? undefined, before: before ?? undefined },
    }),
  resolve: (id: string, resolution: Resolution) => api.post<AdminReport>(`/reports/${id}/resolve`, resolution),

  auditLog: ({ action, targetId, before }: { action?: SiteAction | null; targetId?: string | null; before?: string | null } = {}) =>
    api.get<CursorPage<SiteAuditEntry>>('/admin/audit-log', {
      query: { action: action ?? undefined, target_id: targetId ?? undefined, before: before ?? undefined },
    }),
}
