/** Shapes of the Confab REST API (SPEC §2). Times are RFC 3339 UTC strings. */

export interface User {
  id: string
  username: string
  display_name: string | null
  email: string | null
  bio: string | null
  status_text: string | null
  avatar_url: string | null
  created_at: string
}

export interface TokenPair {
  access_token: string
  refresh_token: string
}

export interface AuthResponse extends TokenPair {
  user: User
}

export interface SignupRequest {
  username: string
  password: string
  email?: string
  display_name?: string
}

export interface LoginRequest {
  username: string
  password: string
}

export interface ProfileUpdate {
  display_name?: string
  bio?: string
  status_text?: string
  /** One of the user's image uploads; null removes the avatar. */
  avatar_media_id?: string | null
}

export interface PasswordChange {
  current_password: string
  new_password: string
}

/** The error envelope every non-2xx response carries. */
export interface ErrorEnvelope {
  error: {
    code: string
    message: string
    /** Not in the SPEC yet: the form field a validation error is about. */
    field?: string
  }
}

// ---- people ---------------------------------------------------------------

/** What anyone may see of a user (`PublicUser` in the API). */
export interface PublicUser {
  id: string
  username: string
  display_name: string | null
  bio: string
  status_text: string
  avatar_url: string | null
  created_at: string
}

export type PresenceStatus = 'online' | 'away' | 'offline'

/** `GET /friends` presence and the data of `presence.updated`. */
export interface Presence {
  user_id: string
  status: PresenceStatus
  /** When the last connection went away (set for offline users). */
  last_seen_at: string | null
  /** Increases with every change of this user's presence; keep the highest. */
  version: number
}

export interface Friend {
  user: PublicUser
  since: string
  presence: Presence
}

export type FriendRequestStatus = 'pending' | 'accepted' | 'declined' | 'cancelled'

export interface FriendRequest {
  id: string
  from: PublicUser
  to: PublicUser
  status: FriendRequestStatus
  created_at: string
}

export interface RequestLists {
  incoming: FriendRequest[]
  outgoing: FriendRequest[]
}

export type Relationship = 'none' | 'friend' | 'incoming_request' | 'outgoing_request'

export interface SearchResult {
  user: PublicUser
  relationship: Relationship
}

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
export interface Reaction {
  emoji: string
  /** How many people reacted with it. */
  count: number
  /** Whether the reader is one of them. */
  me: boolean
}

export interface Message {
  id: string
  conversation_id: string
  /** Null for system messages. */
  author_id: string | null
  /** Null once deleted (a tombstone). */
  body: string | null
  reply_to_id: string | null
  nonce: string | null
  created_at: string
  edited_at: string | null
  deleted_at: string | null
  /** Set on group system messages. */
  system?: SystemNote | null
  /** Media attached, in order (none once deleted). */
  attachments?: Media[]
  /**
   * In order of first reaction. Only history, pins and search carry it:
   * events and send/edit replies do not, and merging one of those keeps
   * the reactions already held.
   */
  reactions?: Reaction[]
  /** When it was pinned; null when it is not. */
  pinned_at?: string | null
  /** Who pinned it (a user id). */
  pinned_by?: string | null
}

export interface MessagePage {
  items: Message[]
  next_before: string | null
  next_after?: string | null
}

export interface SendMessageRequest {
  /** May be empty when there are attachments. */
  body: string
  nonce?: string
  reply_to?: string
  /** Ids of the sender's own uploads (`POST /media`), up to 10. */
  attachments?: string[]
}

/** What a conversation carries of its group (`GroupSummary`; the full group is `/groups/{id}`). */
export interface GroupRef {
  id: string
  name: string
  kind?: string
  photo_url?: string | null
  [key: string]: unknown
}

export interface Conversation {
  id: string
  kind: 'dm' | 'group' | string
  created_at: string
  /** For a DM: the other person. */
  peer: PublicUser | null
  /** For a group, once the API carries it. */
  group?: GroupRef | null
  last_message: Message | null
  unread_count: number
  last_read_message_id: string | null
  /** For a DM: the other person's read marker, for "seen". */
  peer_last_read_message_id: string | null
  /** Mentions of me after my read marker (`GET /conversations` carries it). */
  mention_count?: number
}

// ---- notifications ----------------------------------------------------------

export interface Notification {
  id: string
  /** `friend_request.received`, `friend_request.accepted`, ... */
  kind: string
  actor: PublicUser | null
  data: Record<string, unknown>
  created_at: string
  read_at: string | null
}

export interface NotificationPage {
  items: Notification[]
  next_before: string | null
  unread_count: number
}

// ---- socket event data -------------------------------------------------------

/** `conversation.read`. */
export interface ReadState {
  conversation_id: string
  user_id: string
  last_read_message_id: string
}

/** `conversation.created`. */
export interface ConversationCreated {
  id: string
  kind: string
  member_ids: string[]
}

/** `friend.removed`. */
export interface FriendRemoved {
  user_ids: string[]
}

/** `typing.started` (ephemeral: no event id). */
export interface TypingStarted {
  conversation_id: string
  user_id: string
}

/** `message.reaction_added` and `message.reaction_removed`. */
export interface ReactionChange {
  conversation_id: string
  message_id: string
  emoji: string
  /** Who reacted or took their reaction back. */
  user_id: string
  /** How many people have this emoji on the message after the change (0: the chip goes). */
  count: number
}

/** `GET /conversations/{id}/reads`: one member's read marker. */
export interface ReadMarker {
  user_id: string
  last_read_message_id: string | null
}

// ---- message search ------------------------------------------------------------

/** A piece of a found message's text; `match` pieces are the words searched for. */
export interface HighlightSegment {
  text: string
  match: boolean
}

export interface MessageSearchHit {
  message: Message
  highlight: HighlightSegment[]
}

export interface MessageSearchPage {
  items: MessageSearchHit[]
  /** Pass as `before` for the next (older) page; null on the last. */
  next_before: string | null
}

/** `GET /search/messages` filters; times are RFC 3339. */
export interface MessageSearchQuery {
  /** 1–200 characters: words, "a phrase", -word, OR. */
  q: string
  conversation_id?: string | null
  author_id?: string | null
  /** Sent at or after. */
  from?: string | null
  /** Sent before. */
  to?: string | null
  before?: string | null
  limit?: number
}

// ---- media ------------------------------------------------------------------

export type MediaKind = 'image' | 'audio' | 'video'

/** An upload, as `POST /media` answers, messages carry and `media.updated` reports. */
export interface Media {
  id: string
  kind: MediaKind | string
  mime: string
  size: number
  sha256?: string
  width: number | null
  height: number | null
  duration_ms: number | null
  /** `processing` until the thumbnail and dimensions are known, then `ready` or `failed`. */
  status: 'processing' | 'ready' | 'failed' | string
  /** Needs the access token as a header, or (for `<img>`/`<video>`) the `confab_media` cookie of `POST /media/session`. */
  url: string
  thumbnail_url: string | null
  uploader_id: string
  created_at: string
}

// ---- groups -----------------------------------------------------------------

export const PERMISSIONS = [
  'send_messages',
  'send_media',
  'delete_messages',
  'invite_members',
  'kick_members',
  'ban_members',
  'manage_roles',
  'manage_group',
  'pin_messages',
  'mention_everyone',
] as const

export type Permission = (typeof PERMISSIONS)[number]

export type GroupKind = 'private' | 'public'

export interface Group {
  id: string
  /** Use with the conversation routes for messages, reads and typing. */
  conversation_id: string
  name: string
  description: string
  photo_url: string | null
  kind: GroupKind | string
  /** Public groups only. */
  handle: string | null
  owner_id: string
  default_role_id: string | null
  member_count: number
  created_at: string
}

export interface Role {
  id: string
  group_id: string
  name: string
  /** `#rrggbb`. */
  colour: string | null
  /** Higher outranks lower. */
  priority: number
  permissions: Permission[]
  is_default: boolean
  created_at?: string
}

/** The caller's place in a group. */
export interface MyMembership {
  role_id: string
  owner: boolean
  permissions: Permission[]
  priority: number
}

/** `GET /groups/{id}`: the group with its roles (highest first) and, for a member, `me`. */
export interface GroupDetails extends Group {
  roles: Role[]
  me: MyMembership | null
}

export interface NewGroup {
  name: string
  kind: GroupKind
  handle?: string
  description?: string
}

export interface GroupPatch {
  name?: string
  description?: string
  kind?: GroupKind
  handle?: string | null
  photo_media_id?: string | null
}

export interface RoleInput {
  name: string
  priority: number
  permissions: Permission[]
  colour?: string | null
}

export interface Member {
  group_id: string
  user: PublicUser
  role_id: string
  owner: boolean
  joined_at: string
}

export interface MemberPage {
  items: Member[]
  next_after: string | null
}

export interface Ban {
  user: PublicUser
  banned_by: string | null
  created_at: string
}

export interface GroupSearchResult extends Group {
  /** Whether the caller is a member already. */
  joined: boolean
}

export interface GroupSearchPage {
  items: GroupSearchResult[]
  next_before: string | null
}

export interface Invite {
  id: string
  group: Group
  inviter: PublicUser
  invitee: PublicUser
  created_at: string
}

// ---- group event data ----------------------------------------------------------

/** `group.deleted`. */
export interface GroupDeleted {
  id: string
  conversation_id: string
}

/** `group.member_left`. */
export interface MemberLeft {
  group_id: string
  user_id: string
  reason: 'left' | 'kicked' | string
  actor_id?: string | null
}

/** `group.member_banned` and `group.member_unbanned`. */
export interface MemberBanned {
  group_id: string
  user_id: string
  actor_id: string
}

/** `group.role_deleted`. */
export interface RoleDeleted {
  group_id: string
  role_id: string
  moved_to: string
}

/** `group.roles_reordered`. */
export interface RolesReordered {
  group_id: string
  roles: Role[]
}

/** `group_invite.declined`. */
export interface InviteDeclined {
  id: string
  group_id: string
}
