/**
 * Plain words for a refused forward. The server's own messages are written
 * for developers, and the person needs to know what to do next: pick another
 * chat, or wait.
 */
import { isApiError } from '@/api/client'

/** What to say when forwarding to `target` (a chat's title) failed; `withFiles`: the message has attachments. */
export function forwardRefusal(err: unknown, target: string, withFiles: boolean): string {
  if (!isApiError(err)) return 'Could not forward the message. Please try again.'
  switch (err.code) {
    case 'missing_permission':
      // The role lacks send_messages, or send_media for a message with files.
      return withFiles
        ? `Your role in ${target} does not let you post messages with files there.`
        : `Your role in ${target} does not let you post there.`
    case 'not_friends':
      return `You and ${target} are no longer friends, so you cannot send them messages.`
    case 'not_found':
      return 'That message or chat is no longer there.'
    case 'rate_limited':
      return err.retryAfter
        ? `You are forwarding too fast. Wait ${err.retryAfter} s and try again.`
        : 'You are forwarding too fast. Wait a moment and try again.'
    case 'network_error':
      return 'Could not reach the server. Check your connection and try again.'
    default:
      return err.message || 'Could not forward the message. Please try again.'
  }
}
