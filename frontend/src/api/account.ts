/**
 * Getting in and keeping the account safe (#17): server options, proving an
 * email, resetting a forgotten password (mailed link, operator's link,
 * recovery code), sessions, recovery codes and the security log, the second
 * login step and logging in with a passkey, the authenticator app (TOTP), and
 * the mailed code that confirms deleting an account without a password.
 */
import { api } from './client'
import type {
  AuthOptions,
  AuthResponse,
  DisableTotpRequest,
  EmailVerified,
  PasskeyCeremony,
  SecondFactorRequest,
  TotpEnabled,
  TotpSetup,
  TwoFactorStatus,
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

  // ---- logging in: the second step, passkeys ----

  /** The second login step: the 202's challenge and one of a code, a recovery code or a passkey's answer. */
  secondFactor: (req: SecondFactorRequest) =>
    api.post<AuthResponse>('/auth/login/second-factor', req, { auth: false }),
  /** A passkey prompt for the second step (the account's passkeys). */
  secondFactorPasskeyOptions: (challenge: string) =>
    api.post<PasskeyCeremony>('/auth/login/second-factor/passkey-options', { challenge }, { auth: false }),
  /** A passkey prompt to log in with a passkey alone (any of the site's, chosen in the browser). */
  passkeyLoginOptions: () => api.post<PasskeyCeremony>('/auth/passkey/options', undefined, { auth: false }),
  passkeyLogin: (ceremonyId: string, credential: Record<string, unknown>) =>
    api.post<AuthResponse>('/auth/passkey', { ceremony_id: ceremonyId, credential }, { auth: false }),

  // ---- the authenticator app (TOTP) ----

  twoFactor: () => api.get<TwoFactorStatus>('/users/me/two-factor'),
  /** A new secret to scan; nothing is asked at login until `enableTotp` gets a right code. */
  setupTotp: () => api.post<TotpSetup>('/users/me/two-factor/totp/setup'),
  enableTotp: (code: string) => api.post<TotpEnabled>('/users/me/two-factor/totp/enable', { code }),
  /** `code` may be a recovery code; `password` is left out for an account without one. */
  disableTotp: (req: DisableTotpRequest) => api.post<void>('/users/me/two-factor/totp/disable', req),

  /** Mails a six-digit code to the confirmed email, to confirm deleting an account without a password. */
  sendDeletionCode: () => api.post<void>('/users/me/deletion-code'),
}
