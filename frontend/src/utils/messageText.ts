import type { Message, SystemNote } from '@/api/types'
import { plain } from '@/utils/formatting'
import { plural } from '@/utils/plural'

/**
 * Names a user id: "You" for the signed-in user, "you" when `midSentence`
 * (only the namer knows who is signed in, so it picks the case).
 */
export type NameOf = (userId: string | null | undefined, midSentence?: boolean) => string

const FIELD_NAMES: Record<string, string> = { name: 'name', description: 'description', kind: 'type', handle: 'handle', photo: 'photo' }

/**
 * The note of a system message. The document types `system` as any object
 * (`type` says which); one without a string `type` reads as an unknown kind.
 */
export function systemNote(system: Record<string, unknown>): SystemNote {
  return typeof system.type === 'string' ? (system as SystemNote) : { ...system, type: 'unknown' }
}

/** What a group system message says, as one line ("Ana added Bo"). */
export function describeSystem(note: SystemNote, nameOf: NameOf): string {
  // The actor starts every sentence; the user never does ("Ana gave you the role"), except when they joined or left.
  const actor = nameOf(note.actor_id)
  const user = nameOf(note.user_id, true)
  const subject = nameOf(note.user_id)
  const role = typeof note.name === 'string' ? `“${note.name}”` : 'a role'
  switch (note.type) {
    case 'group_created':
      return `${actor} created the group`
    case 'group_updated': {
      const fields = (note.fields ?? []).map((f) => FIELD_NAMES[f] ?? f)
      return fields.length ? `${actor} changed the group’s ${fields.join(', ')}` : `${actor} edited the group`
    }
    case 'member_joined':
      return note.invited_by ? `${subject} joined, invited by ${nameOf(note.invited_by, true)}` : `${subject} joined the group`
    case 'member_left':
      return `${subject} left the group`
    case 'member_kicked':
      return `${actor} removed ${user}`
    case 'member_banned':
      return `${actor} banned ${user}`
    case 'member_unbanned':
      return `${actor} unbanned ${user}`
    case 'role_created':
      return `${actor} created the role ${role}`
    case 'role_updated':
      return `${actor} changed the role ${role}`
    case 'role_deleted':
      return `${actor} deleted the role ${role}`
    case 'roles_reordered':
      return `${actor} reordered the roles`
    case 'role_assigned':
      return `${actor} gave ${user} the role ${role}`
    case 'ownership_transferred':
      return `${actor} made ${user} the owner`
    case 'message_pinned':
      return `${actor} pinned a message`
    case 'message_unpinned':
      return `${actor} unpinned a message`
    default: {
      // A kind this SPA does not know yet: say what we can rather than nothing.
      const what = note.type.replace(/[._]/g, ' ')
      return note.actor_id ? `${actor}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1)
    }
  }
}

/** The message a system line is about (a pin or unpin), to go to it. */
export function systemTargetId(note: SystemNote): string | null {
  const pinning = note.type === 'message_pinned' || note.type === 'message_unpinned'
  return pinning && typeof note.message_id === 'string' ? note.message_id : null
}

const KIND_NAMES: Record<string, string> = { image: 'Photo', audio: 'Audio', video: 'Video' }

/** What a message of attachments alone is, in a word ("Photo", "3 attachments"). */
function attachmentsText(m: Message): string {
  const list = m.attachments ?? []
  if (list.length > 1) return plural(list.length, 'attachment')
  return list[0] ? (KIND_NAMES[list[0].kind] ?? 'Attachment') : ''
}

/** One line for the conversation list (and the pins panel): the body's plain text, without its markup. */
export function messagePreview(m: Message, myId: string | null | undefined, nameOf: NameOf, isGroup: boolean): string {
  if (m.system) return describeSystem(systemNote(m.system), nameOf)
  if (m.deleted_at || m.body == null) return 'Message deleted'
  const text = plain(m.body).replace(/\s+/g, ' ').trim() || attachmentsText(m)
  if (m.author_id && m.author_id === myId) return `You: ${text}`
  if (isGroup && m.author_id) return `${nameOf(m.author_id)}: ${text}`
  return text
}
