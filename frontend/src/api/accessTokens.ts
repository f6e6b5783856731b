/**
 * Personal access tokens: keys for the user's own code (scripts, bots) to use
 * the API as them, named, limited to scopes, perhaps expiring, revocable. The
 * secret is in the answer that creates one, and nowhere after.
 */
import { api } from './client'
import type { AccessTokenList, CreatedToken, CreateTokenRequest } from './types'

export const accessTokensApi = {
  /** Newest first, with their last use; never the secrets. */
  list: () => api.get<AccessTokenList>('/users/me/tokens'),
  /**
   * 201 with the secret; 400 `invalid_token_name`, `invalid_scopes`,
   * `invalid_expiry`; 409 `too_many_tokens`.
   */
  create: (req: CreateTokenRequest) => api.post<CreatedToken>('/users/me/tokens', req),
  /** 204: it stops working at once (its sockets close); 404 `not_found` when it is already gone. */
  revoke: (id: string) => api.delete<void>(`/users/me/tokens/${id}`),
}
