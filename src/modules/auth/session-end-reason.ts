/**
 * Why a session ended: stored in `sessions.revoked_reason` and carried by the user topic's SessionRevoked news,
 * which live streams turn into their AccessRevoked reason (realtime/connection.service.ts). The values are the
 * strings earlier versions stored, so old rows read the same.
 */
export enum SessionEndReason {
  LOGOUT = 'logout',
  /** Signed out from another device (revokeSession). */
  SIGNED_OUT_REMOTELY = 'signed_out_remotely',
  BANNED = 'banned',
  ACCOUNT_DELETED = 'account_deleted',
  PASSWORD_CHANGED = 'password_changed',
  PASSWORD_RESET = 'password_reset',
  REFRESH_TOKEN_REUSE = 'refresh_token_reuse',
  /** The demo seed ends the sessions its registrations opened. */
  SEEDED = 'seed',
}
