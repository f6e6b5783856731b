import type { Conversation, Friend, FriendRequest, Message, Notification, PublicUser } from '@/api/types'

import { alice } from './fixtures'

export function person(id: string, username: string, display_name: string | null = null): PublicUser {
  return { id, username, display_name, bio: '', status_text: '', avatar_url: null, created_at: '2024-05-01T10:00:00Z', bot: false }
}

/** The signed-in user of these tests (the same as the stored session's). */
export const me: PublicUser = person(alice.id, alice.username, alice.display_name)
export const bob = person('0b8f2c1e-0000-4000-8000-000000000002', 'bob', 'Bob')
export const carol = person('0b8f2c1e-0000-4000-8000-000000000003', 'carol', null)

/** A time-ordered id, like the server's UUIDv7: larger `n`, newer. */
export function mid(n: number): string {
  return `01900000-0000-7000-8000-${n.toString().padStart(12, '0')}`
}

export function message(n: number, over: Partial<Message> = {}): Message {
  return {
    id: mid(n),
    conversation_id: 'c1',
    author_id: bob.id,
    body: `message ${n}`,
    reply_to_id: null,
    nonce: null,
    created_at: new Date(Date.UTC(2024, 5, 1, 12, n)).toISOString(),
    edited_at: null,
    deleted_at: null,
    forwarded: false,
    previews: [],
    attachments: [],
    ...over,
  }
}

export function conversation(id: string, over: Partial<Conversation> = {}): Conversation {
  return {
    id,
    kind: 'dm',
    created_at: '2024-05-01T10:00:00Z',
    peer: bob,
    last_message: null,
    unread_count: 0,
    mention_count: 0,
    unread_threads: 0,
    last_read_message_id: null,
    peer_last_read_message_id: null,
    notifications: { user_id: me.id, conversation_id: id, level: 'all', muted: false, muted_until: null },
    ...over,
  }
}

export function friend(user: PublicUser, status: 'online' | 'away' | 'offline' = 'offline'): Friend {
  return {
    user,
    since: '2024-05-02T10:00:00Z',
    presence: { user_id: user.id, status, last_seen_at: status === 'offline' ? '2024-06-01T08:00:00Z' : null, version: 0 },
  }
}

export function request(id: string, from: PublicUser, to: PublicUser, status: FriendRequest['status'] = 'pending'): FriendRequest {
  return { id, from, to, status, created_at: '2024-06-01T09:00:00Z' }
}

export function notification(n: number, over: Partial<Notification> = {}): Notification {
  return {
    id: mid(n),
    user_id: me.id,
    kind: 'friend_request.received',
    actor: bob,
    data: { request_id: 'r1' },
    created_at: new Date(Date.UTC(2024, 5, 1, 12, n)).toISOString(),
    read_at: null,
    ...over,
  }
}
