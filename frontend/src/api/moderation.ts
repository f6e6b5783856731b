/**
 * Issue #21's moderation routes: invite links, timeouts, the audit log,
 * reports and a group's custom emoji. The types are the server's
 * (docs/openapi.json), named here so this file owns them.
 */
import { api } from './client'
import type { GroupDetails, Member, Schemas } from './types'

export type InviteLink = Schemas['InviteLink']
export type InviteLinkPreview = Schemas['InviteLinkPreview']
export type NewInviteLink = Schemas['NewInviteLink']
export type AuditEntry = Schemas['AuditEntry']
export type AuditAction = AuditEntry['action']
export type AuditPage = Schemas['AuditPage']
export type Report = Schemas['Report']
export type ReportPage = Schemas['ReportPage']
export type MyReport = Schemas['MyReport']
export type MyReportPage = Schemas['MyReportPage']
export type ReportReason = Report['reason']
export type ReportState = Report['state']
export type ReportRequest = Schemas['ReportRequest']
export type ResolveRequest = Schemas['ResolveRequest']
export type CustomEmoji = Schemas['CustomEmoji']
export type EmojiDeleted = Schemas['EmojiDeleted']

/** Every report reason, in the order the report dialog lists them (a Record, so none is left out). */
const REASON_ORDER: Record<ReportReason, true> = {
  spam: true,
  harassment: true,
  hate: true,
  violence: true,
  sexual: true,
  self_harm: true,
  impersonation: true,
  illegal: true,
  other: true,
}
export const REPORT_REASONS = Object.keys(REASON_ORDER) as readonly ReportReason[]

/** Every audit action, in the order the log's filter lists them. */
const ACTION_ORDER: Record<AuditAction, true> = {
  group_updated: true,
  ownership_transferred: true,
  member_kicked: true,
  member_banned: true,
  member_unbanned: true,
  member_timed_out: true,
  member_timeout_ended: true,
  role_created: true,
  role_updated: true,
  role_deleted: true,
  roles_reordered: true,
  role_assigned: true,
  message_deleted: true,
  message_pinned: true,
  message_unpinned: true,
  invite_link_created: true,
  invite_link_revoked: true,
  report_resolved: true,
  emoji_created: true,
  emoji_deleted: true,
}
export const AUDIT_ACTIONS = Object.keys(ACTION_ORDER) as readonly AuditAction[]

/**
 * The `X-Audit-Log-Reason` header for a moderator's reason: percent-encoded
 * UTF-8 (as the server reads it), left out when there is none.
 */
export function reasonHeaders(reason?: string | null): Record<string, string> | undefined {
  const r = reason?.trim()
  return r ? { 'X-Audit-Log-Reason': encodeURIComponent(r) } : undefined
}

export const moderationApi = {
  inviteLinks: (groupId: string) => api.get<InviteLink[]>(`/groups/${groupId}/invite-links`, { query: { limit: 100 } }),
  createInviteLink: (groupId: string, body: NewInviteLink) => api.post<InviteLink>(`/groups/${groupId}/invite-links`, body),
  revokeInviteLink: (groupId: string, linkId: string) => api.delete<void>(`/groups/${groupId}/invite-links/${linkId}`),
  previewInviteLink: (code: string) => api.get<InviteLinkPreview>(`/invite-links/${encodeURIComponent(code)}`),
  joinByLink: (code: string) => api.post<GroupDetails>(`/invite-links/${encodeURIComponent(code)}/join`),

  timeOut: (groupId: string, userId: string, seconds: number, reason?: string | null) =>
    api.put<Member>(`/groups/${groupId}/members/${userId}/timeout`, { seconds }, { headers: reasonHeaders(reason) }),
  endTimeout: (groupId: string, userId: string, reason?: string | null) =>
    api.delete<Member>(`/groups/${groupId}/members/${userId}/timeout`, undefined, { headers: reasonHeaders(reason) }),

  auditLog: (groupId: string, opts: { action?: AuditAction | null; before?: string | null; limit?: number } = {}) =>
    api.get<AuditPage>(`/groups/${groupId}/audit-log`, {
      query: { action: opts.action ?? undefined, before: opts.before ?? undefined, limit: opts.limit ?? 50 },
    }),

  fileReport: (body: ReportRequest) => api.post<MyReport>('/reports', body),
  myReports: (before?: string | null) => api.get<MyReportPage>('/users/me/reports', { query: { before, limit: 50 } }),
  groupReports: (groupId: string, state?: ReportState | null, before?: string | null) =>
    api.get<ReportPage>(`/groups/${groupId}/reports`, { query: { state: state ?? undefined, before, limit: 50 } }),
  resolveReport: (id: string, body: ResolveRequest) => api.post<Report>(`/reports/${id}/resolve`, body),

  emoji: (groupId: string) => api.get<{ items: CustomEmoji[] }>(`/groups/${groupId}/emoji`),
  createEmoji: (groupId: string, name: string, mediaId: string) =>
    api.post<CustomEmoji>(`/groups/${groupId}/emoji`, { name, media_id: mediaId }),
  deleteEmoji: (groupId: string, emojiId: string) => api.delete<void>(`/groups/${groupId}/emoji/${emojiId}`),
}
