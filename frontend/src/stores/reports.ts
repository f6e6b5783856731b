import { defineStore } from 'pinia'
import { ref } from 'vue'

import {
  moderationApi,
  type MyReport,
  type Report,
  type ReportReason,
  type ResolveRequest,
} from '@/api/moderation'
import type { PublicUser } from '@/api/types'

/** What the report dialog is about: a message (with its author) or a user. */
export type ReportSubject =
  | { kind: 'message'; messageId: string; author: PublicUser | null }
  | { kind: 'user'; user: PublicUser }

/** The most a report's details may say (the server's limit). */
export const REPORT_DETAILS_MAX = 1000

/**
 * Reporting: the one report dialog of the app (opened from a message's
 * actions or a member's row), filing a report, and settling one from a
 * group's queue.
 */
export const useReportsStore = defineStore('reports', () => {
  /** The dialog's subject while it is open. */
  const subject = ref<ReportSubject | null>(null)
  /** Reports filed from this tab (so "My reports" shows them without a reload). */
  const filed = ref<MyReport[]>([])

  function openForMessage(messageId: string, author: PublicUser | null): void {
    subject.value = { kind: 'message', messageId, author }
  }

  function openForUser(user: PublicUser): void {
    subject.value = { kind: 'user', user }
  }

  function close(): void {
    subject.value = null
  }

  async function file(s: ReportSubject, reason: ReportReason, details: string): Promise<MyReport> {
    const text = details.trim()
    const report = await moderationApi.fileReport({
      reason,
      details: text ? text : null,
      message_id: s.kind === 'message' ? s.messageId : null,
      user_id: s.kind === 'user' ? s.user.id : null,
    })
    filed.value = [report, ...filed.value.filter((r) => r.id !== report.id)]
    return report
  }

  function resolve(id: string, body: ResolveRequest): Promise<Report> {
    const outcome = body.outcome?.trim()
    return moderationApi.resolveReport(id, { state: body.state, outcome: outcome ? outcome : null })
  }

  function reset(): void {
    subject.value = null
    filed.value = []
  }

  return { subject, filed, openForMessage, openForUser, close, file, resolve, reset }
})
