/**
 * Shapes of the Confab REST API and its socket events. Times are RFC 3339 UTC
 * strings.
 *
 * Every shape the server defines is taken from its OpenAPI document
 * (docs/openapi.json, generated into ./openapi.ts by `npm run api-types`):
 * these are aliases, so a change on the server shows up here as a type error
 * instead of a silent mismatch. Change the server, not them. The document lists
 * a nullable field of an answer as optional (`x?: T | null`); the server writes
 * it, as null, but code should not tell `undefined` and `null` apart.
 *
 * The rest are the SPA's own helpers (`ListOf`) and names for parts of
 * those shapes (`MediaKind` is `Media['kind']`).
 */
import type { components, paths } from './openapi'

/** The server's schemas by name (`components.schemas` of the OpenAPI document). */
export type Schemas = components['schemas']

// ---- account ----------------------------------------------------------------

/** The signed-in user as they see themselves (`CurrentUser`: the public profile and `email`). */
export type User = Schemas['CurrentUser']

/** A login's tokens as `POST /auth/refresh` answers them (also in `AuthResponse`). */
export type TokenPair = Schemas['TokenPair']

/** What the SPA keeps of a login (shared by the tabs): the two tokens of a `TokenPair`. */
export type SessionTokens = Pick<TokenPair, 'access_token' | 'refresh_token'>

export type AuthResponse = Schemas['AuthResponse']

export type SignupRequest = Schemas['SignupRequest']

export type LoginRequest = Schemas['LoginRequest']

/** `PATCH /users/me`; `avatar_media_id` is one of the user's image uploads, null removes the avatar. */
export type ProfileUpdate = Schemas['ProfilePatch']

export type PasswordChange = Schemas['ChangePasswordRequest']

/** `GET /auth/options`: what this server offers (mail, required email proof, OIDC). */
export type AuthOptions = Schemas['AuthOptions']

/** `POST /auth/signup` answered 202: the account exists, logging in waits for the mailed link. */
export type SignupPending = Schemas['SignupPending']

/** `POST /auth/login` answered 202: the password is right, a second factor is due (no tokens yet). */
export type SecondFactorRequired = Schemas['SecondFactorRequired']

/** What `SecondFactorRequired.methods` may hold. */
export type SecondFactorMethod = SecondFactorRequired['methods'][number]

/** `POST /auth/login/second-factor`: the challenge and exactly one of `code`, `recovery_code`, `passkey`. */
export type SecondFactorRequest = Schemas['SecondFactorRequest']

/** `GET /users/me/two-factor`: which second factors the account has. */
export type TwoFactorStatus = Schemas['TwoFactorStatus']

/** `POST /users/me/two-factor/totp/setup`: the secret (base32), its otpauth URL and QR code (PNG, base64). */
export type TotpSetup = Schemas['TotpSetup']

/** `POST /users/me/two-factor/totp/enable`: a first set of recovery codes when the account had none left. */
export type TotpEnabled = Schemas['TotpEnabled']

export type DisableTotpRequest = Schemas['DisableTotpRequest']

/**
 * The first half of a WebAuthn ceremony (adding a passkey, logging in with one):
 * `options` (`{publicKey: {...}}`, binary fields base64url) and the id to answer with.
 */
export type PasskeyCeremony = Schemas['PasskeyCeremony']

/** The second half: the ceremony and the authenticator's answer as JSON (`utils/webauthn`). */
export type PasskeyAnswer = NonNullable<Schemas['SecondFactorRequest']['passkey']>

/** One of the user's passkeys (`GET /users/me/passkeys`), oldest first. */
export type PasskeyInfo = Schemas['PasskeyInfo']

export type AddPasskeyRequest = Schemas['AddPasskeyRequest']

/** `DELETE /users/me`: exactly one of `password`, `id_token`, `email_code`. */
export type DeleteAccountRequest = Schemas['DeleteAccountRequest']

/** One data export (`POST`/`GET /users/me/exports`); `download_url` once ready. */
export type DataExport = Schemas['DataExport']

/** What `DataExport.status` may be. */
export type DataExportStatus = DataExport['status']

/** `POST /auth/email/verify`: the email proven by the link. */
export type EmailVerified = Schemas['EmailVerified']

export type ForgotPasswordRequest = Schemas['ForgotPasswordRequest']

export type ResetPasswordRequest = Schemas['ResetPasswordRequest']

export type RecoverRequest = Schemas['RecoverRequest']

/** `POST /users/me/recovery-codes`: a fresh set, shown once. */
export type RecoveryCodes = Schemas['RecoveryCodes']

/** `GET /users/me/recovery-codes`: how many are left, never the codes. */
export type RecoveryCodesStatus = Schemas['RecoveryCodesStatus']

/** One live login (`GET /users/me/sessions`); `current` is the one asking. */
export type SessionInfo = Schemas['SessionInfo']

/**
 * What a personal access token may do (`read`, `messages`, `friends`, `groups`,
 * `media`, `profile`); account security is never a token's.
 */
export type TokenScope = Schemas['Scope']

/** One of the user's personal access tokens as its owner sees it (never the secret); `expires_at` null: never. */
export type AccessToken = Schemas['AccessToken']

/** `GET /users/me/tokens`: the user's tokens, newest first, with their last use. */
export type AccessTokenList = Schemas['Items_AccessToken']

/** `POST /users/me/tokens`: a name (1-64 characters), at least one scope, days to live (null: never expires). */
export type CreateTokenRequest = Schemas['CreateTokenRequest']

/** `POST /users/me/tokens` answered: the token and its `secret`, in this answer only. */
export type CreatedToken = Schemas['CreatedToken']

/** One entry of the security log (`GET /users/me/security-events`), newest first. */
export type SecurityEvent = Schemas['SecurityEvent']

/**
 * What `SecurityEvent.kind` may be (the document types it as a string; a newer
 * server may add kinds, so code keeps a fallback).
 */
export type SecurityEventKind =
  | 'password.changed'
  | 'password.reset_by_email'
  | 'password.reset_by_operator'
  | 'password.reset_by_recovery_code'
  | 'recovery_codes.generated'
  | 'email.verified'
  | 'login.new_device'
  | 'session.revoked'
  | 'sessions.others_revoked'
  | 'two_factor.totp_enabled'
  | 'two_factor.totp_disabled'
  | 'recovery_code.used_at_login'
  | 'passkey.added'
  | 'passkey.removed'
  | 'token.created'
  | 'token.revoked'

/** `session.revoked`: these logins of the user ended (their sockets close with 4004). */
export type SessionsRevoked = Schemas['SessionsRevoked']

/** The error envelope every non-2xx response carries. */
export type ErrorEnvelope = Schemas['ErrorBody']

// ---- people ---------------------------------------------------------------

/** What anyone may see of a user. */
export type PublicUser = Schemas['PublicUser']

export type PresenceStatus = Schemas['Status']

/** `GET /friends` presence and the data of `presence.updated`; keep the highest `version`. */
export type Presence = Schemas['Presence']

export type Friend = Schemas['Friend']

export type FriendRequest = Schemas['FriendRequest']

/** What `FriendRequest.status` may be. */
export type FriendRequestStatus = FriendRequest['status']

export type RequestLists = Schemas['RequestLists']

export type Relationship = Schemas['Relationship']

export type SearchResult = Schemas['UserSearchResult']

/**
 * `GET /users/search`. Written out rather than `Schemas['UserSearchPage']`:
 * the document marks `next_after` optional though the server always sends it
 * (null on the last page).
 */
export interface SearchPage {
  items: SearchResult[]
  /** Pass as `after` for the next page; null on the last page. */
  next_after: string | null
}

export interface ListOf<T> {
  items: T[]
}

// ---- conversations and messages --------------------------------------------

/**
 * What a system message (a group action) says happened; `type` tells which
 * (`member_joined`, `role_created`, ...). Other fields depend on the type.
 * The document types `Message.system` as any object: read it with
 * `systemNote` (utils/messageText).
 */
export interface SystemNote {
  type: string
  actor_id?: string
  user_id?: string
  invited_by?: string | null
  name?: string
  fields?: string[]
  [key: string]: unknown
}

/** One emoji on a message as the reader sees it (`reactions` of a message). */
export type Reaction = Schemas['Reaction']

/**
 * A message. `reactions` is only in history, pins and search: events and
 * send/edit answers lack it, and merging one of those keeps the reactions
 * already held.
 */
export type Message = Schemas['Message']

/** What a linked page says of itself, as text (no image), shown under the message. */
export type LinkPreview = Schemas['LinkPreview']

export type MessagePage = Schemas['MessagePage']

/** What the main timeline shows under a thread's root (`Message.thread`), and the data of `thread.updated`. */
export type ThreadSummary = Schemas['ThreadSummary']

/** A thread as its reader sees it: the root (with `root.thread` once it has replies) and the reader's part in it. */
export type Thread = Schemas['Thread']

/** `GET /conversations/{id}/threads`: most recently active first. */
export type ThreadPage = Schemas['ThreadPage']

/** One's own part in a thread (following, read marker): `PUT .../follow` and `thread.member_updated`. */
export type ThreadMembership = Schemas['ThreadMembership']

/** Where a forwarded copy came from, as a reader who may see the original gets it (history loads only). */
export type ForwardedFrom = Schemas['ForwardedFrom']

/** `POST /conversations/{id}/messages/{message_id}/forward`: the conversation to post the copy in. */
export type ForwardRequest = Schemas['ForwardBody']

/** One earlier text of a message (`version` 1 is the text it was sent with). */
export type MessageEdit = Schemas['MessageEdit']

/** `GET /conversations/{id}/messages/{message_id}/edits`: the earlier texts, oldest first (the current one is `body`). */
export type EditHistory = Schemas['EditHistory']

/** `POST /conversations/{id}/messages`: `body` may be empty when there are attachments. */
export type SendMessageRequest = Schemas['SendMessageBody']

/** What a conversation carries of its group (the full group is `/groups/{id}`). */
export type GroupRef = Schemas['GroupSummary']

export type Conversation = Schemas['Conversation']

/**
 * The composer's unsent text of one conversation (`GET /users/me/drafts`,
 * `PUT /conversations/{id}/draft`, `draft.updated`); an empty `body` with no
 * `reply_to_id` is no draft (cleared).
 */
export type Draft = Schemas['Draft']

// ---- notifications ----------------------------------------------------------

export type Notification = Schemas['Notification']

export type NotificationPage = Schemas['NotificationPage']

/** How much of a conversation reaches its member as pushes and sounds: `all`, `mentions`, `nothing`. */
export type NotifyLevel = Schemas['NotifyLevel']

/**
 * One member's level and mute for a conversation (`Conversation.notifications`,
 * `conversation.notifications_updated`). A timed mute ends by itself, without
 * an event: compare `muted_until` with the clock.
 */
export type ConversationNotifications = Schemas['ConversationNotifications']

/** `PUT /conversations/{id}/notifications`: `muted_until` null with `muted` mutes until turned off. */
export type NotificationSettingsBody = Schemas['NotificationSettingsBody']

/** The user's do not disturb (`CurrentUser.do_not_disturb`, `PATCH /users/me`). */
export type DoNotDisturb = Schemas['DoNotDisturb']

/** Daily quiet hours, `HH:MM` to `HH:MM` (wrapping past midnight) in an IANA time zone. */
export type QuietHours = Schemas['QuietHours']

/** `GET /push/vapid-key`: the `applicationServerKey` browsers subscribe with (base64url). */
export type VapidKey = Schemas['VapidKey']

/** `POST /push/subscriptions`: a browser's `PushSubscription.toJSON()`. */
export type PushSubscribeBody = Schemas['SubscribeBody']

// ---- socket event data -------------------------------------------------------

/** `conversation.read`. */
export type ReadState = Schemas['ReadState']

/** `conversation.created`. */
export type ConversationCreated = Schemas['ConversationCreated']

/** `friend.removed`. */
export type FriendRemoved = Schemas['FriendRemoved']

/** `typing.started` (ephemeral: no event id). */
export type TypingStarted = Schemas['TypingStarted']

/** `message.reaction_added` and `message.reaction_removed` (`count: 0`: the chip goes). */
export type ReactionChange = Schemas['ReactionChange']

/** `GET /conversations/{id}/reads`: one member's read marker. */
export type ReadMarker = Schemas['ReadMarker']

// ---- message search ------------------------------------------------------------

/** A piece of a found message's text; `match` pieces are the words searched for. */
export type HighlightSegment = Schemas['Highlight']

export type MessageSearchHit = Schemas['SearchHit']

export type MessageSearchPage = Schemas['SearchPage']

/** `GET /search/messages` filters; times are RFC 3339. */
export type MessageSearchQuery = paths['/api/v1/search/messages']['get']['parameters']['query']

// ---- media ------------------------------------------------------------------


/**
 * An upload, as `POST /media` answers, messages carry and `media.updated`
 * reports. `url` needs the access token as a header, or (for `<img>`/`<video>`)
 * the `confab_media` cookie of `POST /media/session`.
 */
export type Media = Schemas['Media']

/** What `Media.kind` may be. */
export type MediaKind = Media['kind']

// ---- groups -----------------------------------------------------------------

export type Permission = Schemas['Permissions'][number]

/** Every permission, in the order the role editor shows them (a Record, so none can be left out). */
const PERMISSION_ORDER: Record<Permission, true> = {
  send_messages: true,
  send_media: true,
  delete_messages: true,
  invite_members: true,
  kick_members: true,
  ban_members: true,
  manage_roles: true,
  manage_group: true,
  pin_messages: true,
  mention_everyone: true,
  manage_webhooks: true,
  timeout_members: true,
  view_audit_log: true,
  bypass_slowmode: true,
  manage_reports: true,
  manage_emoji: true,
}

export const PERMISSIONS = Object.keys(PERMISSION_ORDER) as readonly Permission[]

export type Group = Schemas['Group']

/** What `Group.kind` may be. */
export type GroupKind = Group['kind']

export type Role = Schemas['Role']

/** The caller's place in a group. */
export type MyMembership = Schemas['MyMembership']

/** `GET /groups/{id}`: the group with its roles (highest first) and, for a member, `me`. */
export type GroupDetails = Schemas['GroupDetails']

/** `POST /groups`. */
export type NewGroup = Schemas['CreateGroupBody']

/** `PATCH /groups/{id}`. */
export type GroupPatch = Schemas['GroupPatch']

export type RoleInput = Schemas['CreateRoleBody']

export type Member = Schemas['Member']

export type MemberPage = Schemas['MemberPage']

export type Ban = Schemas['Ban']

export type GroupSearchResult = Schemas['GroupSearchResult']

export type GroupSearchPage = Schemas['GroupSearchPage']

export type Invite = Schemas['Invite']

// ---- group event data ----------------------------------------------------------

/** `group.deleted`. */
export type GroupDeleted = Schemas['GroupDeleted']

/** `group.member_left`. */
export type MemberLeft = Schemas['MemberLeft']

/** `group.member_banned` and `group.member_unbanned`. */
export type MemberBanned = Schemas['BanChanged']

/** `group.role_deleted`. */
export type RoleDeleted = Schemas['RoleDeleted']

/** `group.roles_reordered`. */
export type RolesReordered = Schemas['RolesReordered']

/** `group_invite.declined` and `group_invite.revoked`: the invitation is gone. */
export type InviteDeclined = Schemas['InviteGone']

// ---- the event catalogue -------------------------------------------------------

/** A socket event as the server's catalogue describes it: `{type, data}` (`Payload`). */
export type EventPayload = Schemas['Payload']

/** Every event type of the catalogue (`message.created`, `group.updated`, ...). */
export type EventType = EventPayload['type']

/** The `data` of an event of type `T`. */
export type EventData<T extends EventType> = Extract<EventPayload, { type: T }>['data']
