/** The user's passkeys (#17): adding one (a WebAuthn ceremony in two halves), renaming, removing. */
import { api } from './client'
import type { AddPasskeyRequest, PasskeyCeremony, PasskeyInfo } from './types'

export const passkeysApi = {
  list: () => api.get<PasskeyInfo[]>('/users/me/passkeys'),
  /** The first half: options for `navigator.credentials.create()`. */
  startRegistration: () => api.post<PasskeyCeremony>('/users/me/passkeys/registration'),
  /** The second half: the authenticator's answer, with a name. */
  add: (req: AddPasskeyRequest) => api.post<PasskeyInfo>('/users/me/passkeys', req),
  rename: (id: string, name: string) => api.patch<PasskeyInfo>(`/users/me/passkeys/${id}`, { name }),
  remove: (id: string) => api.delete<void>(`/users/me/passkeys/${id}`),
}
