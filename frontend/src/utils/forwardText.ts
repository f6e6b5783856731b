/**
 * Plain words for a refused forward. The server's own messages are written
 * for developers, and the person needs to know what to do next: pick another
 * chat, or wait.
 */
import { isApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { durationText } from '@/i18n/format'
import { isolate } from '@/utils/names'

const { t } = i18n.global

/**
 * What to say when forwarding to `target` (a chat's title) failed; `withFiles`:
 * the message has attachments. The title is isolated (FSI … PDI): a Latin
 * name in an Arabic sentence, or an Arabic one in an English sentence, stays whole.
 */
export function forwardRefusal(err: unknown, target: string, withFiles: boolean): string {
  if (!isApiError(err)) return t('chats.forward.refused.generic')
  const chat = isolate(target)
  switch (err.code) {
    case 'missing_permission':
      // The role lacks send_messages, or send_media for a message with files.
      return withFiles
        ? t('chats.forward.refused.noPermissionFiles', { chat })
        : t('chats.forward.refused.noPermission', { chat })
    case 'not_friends':
      return t('chats.forward.refused.notFriends', { chat })
    case 'not_found':
      return t('chats.forward.refused.gone')
    case 'rate_limited':
      return err.retryAfter
        ? t('chats.forward.refused.tooFast', { wait: durationText(err.retryAfter) })
        : t('chats.forward.refused.tooFastSoon')
    case 'network_error':
      return t('chats.forward.refused.network')
    default:
      return err.message || t('chats.forward.refused.generic')
  }
}
