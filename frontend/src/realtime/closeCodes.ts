/**
 * The gateway's close codes the client acts on (SPEC §2). A module of their
 * own so the auth store can read them without loading the socket client.
 */

/** Server close code: the token in `identify` was refused. */
export const CLOSE_BAD_TOKEN = 4001
/**
 * Server close code: this login ended (logged out, revoked from another
 * device, password reset or changed elsewhere, account deleted). Handled like a
 * bad token: the refresh fails and the auth layer signs the user out, saying
 * why.
 */
export const CLOSE_LOGIN_ENDED = 4004
/** Client close code: no `ready` or no `pong` in time. */
export const CLOSE_CLIENT_TIMEOUT = 4900
