/**
 * How copies of one message combine in a loaded history: the list is kept
 * sorted by id (UUIDv7: by age) and holds each message once.
 */
import type { Message } from '@/api/types'
import { compareIds } from '@/utils/ids'

/** Of two copies of one message, the later content: a deletion, else the later edit. */
function fresher(current: Message, incoming: Message): Message {
  if (current.deleted_at && !incoming.deleted_at) return current
  if (incoming.deleted_at && !current.deleted_at) return incoming
  if ((current.edited_at ?? '') > (incoming.edited_at ?? '')) return current
  return incoming
}

/**
 * Combines a copy that just arrived with the one held. The content is the
 * fresher one's; the pin state is the arrival's (pins carry no version, and
 * copies arrive in the order things happened). Events and send/edit replies
 * carry no `reactions` (nor `forwarded_from`): those held are kept.
 */
export function mergeMessage(current: Message, incoming: Message): Message {
  const merged = { ...fresher(current, incoming) }
  const pin = 'pinned_at' in incoming ? incoming : 'pinned_at' in current ? current : null
  if (pin) {
    merged.pinned_at = pin.pinned_at ?? null
    merged.pinned_by = pin.pinned_by ?? null
  }
  const reactions = incoming.reactions ?? current.reactions
  if (reactions) merged.reactions = reactions
  // Events carry a forwarded copy without its link (history loads give it to
  // readers who may see the original): a link held is kept.
  const from = incoming.forwarded_from ?? current.forwarded_from
  if (from) merged.forwarded_from = from
  // Unlike the link above, previews are never kept from the held copy: they
  // arrive later (`message.updated`) and the author may remove them, so the
  // arrival's list wins, an empty one too. A copy without the field says
  // nothing about them: those held stay.
  const previews = Array.isArray(incoming.previews) ? incoming.previews : current.previews
  if (previews) merged.previews = previews
  // A root's thread summary comes with reads (history, pins, search: the
  // copies that carry `reactions`), where its absence means no replies.
  // Events and send/edit answers never carry it (`thread.updated` does):
  // the summary held stays.
  const thread = Array.isArray(incoming.reactions) ? incoming.thread : current.thread
  if (thread) merged.thread = thread
  else delete merged.thread
  return merged
}

/** Inserts or refreshes `m` in an id-sorted list (new messages usually go last). */
export function upsertSorted(items: Message[], m: Message): void {
  let i = items.length
  while (i > 0 && compareIds(items[i - 1]!.id, m.id) > 0) i--
  const prev = items[i - 1]
  if (prev && prev.id === m.id) items[i - 1] = mergeMessage(prev, m)
  else items.splice(i, 0, m)
}
