import type { Message, SystemNote } from '@/api/types'
import { i18n } from '@/i18n'
import { formatNumber } from '@/i18n/format'
import { plain } from '@/utils/formatting'
import { isolate } from '@/utils/names'

const { t } = i18n.global

/**
 * Names a user id: "You" for the signed-in user, "you" when `midSentence`
 * (only the namer knows who is signed in, so it picks the case).
 */
export type NameOf = (userId: string | null | undefined, midSentence?: boolean) => string

/**
 * A system line as a message key and the names (or words) that fill it, for
 * `t` or `<i18n-t>`; `key` is null for a kind this SPA does not know and no
 * actor to name, shown as its own words (`params.what`).
 */
export interface SystemText {
  key: string | null
  params: Record<string, string>
}

/** Group fields a `group_updated` note may name (chats.system.fields.*); others are shown as sent. */
const FIELDS = ['name', 'description', 'kind', 'handle', 'photo', 'slowmode_secs'] as const

/**
 * The note of a system message. The document types `system` as any object
 * (`type` says which); one without a string `type` reads as an unknown kind.
 */
export function systemNote(system: Record<string, unknown>): SystemNote {
  return typeof system.type === 'string' ? (system as SystemNote) : { ...system, type: 'unknown' }
}

/**
 * What a group system message says, as a key of `chats.system` and its
 * names. The reader is never named in the third person: a sentence has its
 * own wording when they did it ("You removed Bo"), had it done to them ("Ana
 * gave you the role"), or both ("You gave yourself the role"), since other
 * languages change more than the name (German "du"/"dich"/"dir", Arabic's
 * attached pronouns). `myId` is the reader; without it everyone is named.
 */
export function systemText(note: SystemNote, nameOf: NameOf, myId: string | null | undefined): SystemText {
  const isMe = (id: string | null | undefined) => !!myId && id === myId
  const actorIsMe = isMe(note.actor_id)
  const userIsMe = isMe(note.user_id)
  /** A sentence about the actor alone: chats.system.<kind>.you / .other. */
  const byActor = (kind: string, extra: Record<string, string> = {}): SystemText =>
    actorIsMe
      ? { key: `chats.system.${kind}.you`, params: extra }
      : { key: `chats.system.${kind}.other`, params: { actor: nameOf(note.actor_id), ...extra } }
  /** A sentence about the actor and a member: .byYou, .toYou, .yourself (when there is one) or .other. */
  const actorToUser = (kind: string, extra: Record<string, string> = {}, suffix = '', yourself = false): SystemText => {
    if (actorIsMe && userIsMe && yourself) return { key: `chats.system.${kind}.yourself${suffix}`, params: extra }
    if (actorIsMe) return { key: `chats.system.${kind}.byYou${suffix}`, params: { user: nameOf(note.user_id, true), ...extra } }
    if (userIsMe) return { key: `chats.system.${kind}.toYou${suffix}`, params: { actor: nameOf(note.actor_id), ...extra } }
    return {
      key: `chats.system.${kind}.other${suffix}`,
      params: { actor: nameOf(note.actor_id), user: nameOf(note.user_id, true), ...extra },
    }
  }
  /** A sentence about a role, named ("the role “Mods”", the language's quotes) when the note says its name, else "a role". */
  const aboutRole = (kind: string): SystemText => {
    if (typeof note.name === 'string') return byActor(kind, { role: note.name })
    return actorIsMe
      ? { key: `chats.system.${kind}.youUnnamed`, params: {} }
      : { key: `chats.system.${kind}.otherUnnamed`, params: { actor: nameOf(note.actor_id) } }
  }

  switch (note.type) {
    case 'group_created':
      return byActor('groupCreated')
    case 'group_updated': {
      const fields = (note.fields ?? []).map((f) =>
        (FIELDS as readonly string[]).includes(f) ? t(`chats.system.fields.${f}`) : f,
      )
      if (!fields.length) return byActor('groupEdited')
      return byActor('groupUpdated', { fields: fields.join(t('chats.system.fieldSeparator')) })
    }
    case 'member_joined': {
      if (!note.invited_by) {
        return userIsMe ? { key: 'chats.system.joined.you', params: {} } : { key: 'chats.system.joined.other', params: { user: nameOf(note.user_id) } }
      }
      if (userIsMe) return { key: 'chats.system.joinedInvited.you', params: { inviter: nameOf(note.invited_by, true) } }
      if (isMe(note.invited_by)) return { key: 'chats.system.joinedInvited.byYou', params: { user: nameOf(note.user_id) } }
      return {
        key: 'chats.system.joinedInvited.other',
        params: { user: nameOf(note.user_id), inviter: nameOf(note.invited_by, true) },
      }
    }
    case 'member_left':
      return userIsMe ? { key: 'chats.system.left.you', params: {} } : { key: 'chats.system.left.other', params: { user: nameOf(note.user_id) } }
    case 'member_kicked':
      return actorToUser('kicked')
    case 'member_banned':
      return actorToUser('banned')
    case 'member_unbanned':
      return actorToUser('unbanned')
    case 'role_created':
      return aboutRole('roleCreated')
    case 'role_updated':
      return aboutRole('roleUpdated')
    case 'role_deleted':
      return aboutRole('roleDeleted')
    case 'roles_reordered':
      return byActor('rolesReordered')
    case 'role_assigned':
      return typeof note.name === 'string'
        ? actorToUser('roleAssigned', { role: note.name }, '', true)
        : actorToUser('roleAssigned', {}, 'Unnamed', true)
    case 'ownership_transferred':
      return actorToUser('ownershipTransferred')
    case 'message_pinned':
      return byActor('pinned')
    case 'message_unpinned':
      return byActor('unpinned')
    default: {
      // A kind this SPA does not know yet: say what we can rather than nothing (the kind is the server's word).
      const what = note.type.replace(/[._]/g, ' ')
      return note.actor_id
        ? { key: 'chats.system.unknown', params: { actor: nameOf(note.actor_id), what } }
        : { key: null, params: { what: what.charAt(0).toUpperCase() + what.slice(1) } }
    }
  }
}

/** What a group system message says, as one line of text ("Ana added Bo"). */
export function describeSystem(note: SystemNote, nameOf: NameOf, myId: string | null | undefined): string {
  const { key, params } = systemText(note, nameOf, myId)
  return key ? t(key, params) : (params.what ?? '')
}

/** The message a system line is about (a pin or unpin), to go to it. */
export function systemTargetId(note: SystemNote): string | null {
  const pinning = note.type === 'message_pinned' || note.type === 'message_unpinned'
  return pinning && typeof note.message_id === 'string' ? note.message_id : null
}

/** A message's one attachment in a word (chats.preview.kind.image / audio / video, else file). */
const KINDS = ['image', 'audio', 'video'] as const

/** What a message of attachments alone is, in a word ("Photo", "3 attachments"). */
function attachmentsText(m: Message): string {
  const list = m.attachments ?? []
  if (list.length > 1) return t('chats.preview.attachments', { n: formatNumber(list.length) }, list.length)
  const kind = list[0]?.kind
  if (!kind) return ''
  return t(`chats.preview.kind.${(KINDS as readonly string[]).includes(kind) ? kind : 'file'}`)
}

/**
 * One line for the conversation list (and the pins panel): the body's plain
 * text, without its markup. `myId` prefixes the reader's own ("You: …") and
 * words system lines for them; the pins panel and quotes pass none.
 */
export function messagePreview(m: Message, myId: string | null | undefined, nameOf: NameOf, isGroup: boolean): string {
  if (m.system) return describeSystem(systemNote(m.system), nameOf, myId)
  if (m.deleted_at || m.body == null) return t('chats.message.deleted')
  const text = plain(m.body).replace(/\s+/g, ' ').trim() || attachmentsText(m)
  if (m.author_id && m.author_id === myId) return t('chats.preview.mine', { text })
  // The name isolated (FSI … PDI): a Latin name before Arabic words (or the other way) keeps its side of the colon.
  if (isGroup && m.author_id) return t('chats.preview.byName', { name: isolate(nameOf(m.author_id)), text })
  return text
}
