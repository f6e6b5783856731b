/**
 * Getting in and keeping the account safe (#17): server options, proving an
 * email, resetting a forgotten password (mailed link, operator's link,
 * recovery code), sessions, recovery codes and the security log.
 */
import { api } from './client'
import type {
  AuthOptions,
  EmailVerified,
  RecoverRequest,
  RecoveryCodes,
  RecoveryCodesStatus,
  ResetPasswordRequest,
  SecurityEvent,
  SessionInfo,
} from './types'

export const accountApi = {
  options: () => api.get<AuthOptions>('/auth/options', { auth: false }),

  /** Works signed out too: the link may be opened on another device. */
  verifyEmail: (token: string) => api.post<EmailVerified>('/auth/email/verify', { token }, { auth: false }),
  /** 202 whether or not the address is known; 403 `email_disabled` when the server sends no mail. */
  forgotPassword: (email: string) => api.post<void>('/auth/password/forgot', { email }, { auth: false }),
  resetPassword: (req: ResetPasswordRequest) => api.post<void>('/auth/password/reset', req, { auth: false }),
  recover: (req: RecoverRequest) => api.post<void>('/auth/password/recover', req, { auth: false }),

  /** Mails a new link to the caller's unconfirmed email. */
  resendVerification: () => api.post<void>('/users/me/email/verification'),

  sessions: () => api.get<SessionInfo[]>('/users/me/sessions'),
  revokeSession: (id: string) => api.delete<void>(`/users/me/sessions/${id}`),
  revokeOtherSessions: () => api.delete<void>('/users/me/sessions'),

  securityEvents: () => api.get<SecurityEvent[]>('/users/me/security-events'),

  recoveryCodes: () => api.get<RecoveryCodesStatus>('/users/me/recovery-codes'),
  /** `password` is left out for an account without one (made by an external provider). */
  newRecoveryCodes: (password?: string) =>
    api.post<RecoveryCodes>('/users/me/recovery-codes', password ? { password } : {}),
}
