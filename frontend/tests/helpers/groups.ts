import type { GroupDetails, Media, Member, PublicUser, Role } from '@/api/types'

import { bob, me } from './chat'

export function role(id: string, priority: number, over: Partial<Role> = {}): Role {
  return {
    id,
    group_id: 'g1',
    name: id,
    colour: null,
    priority,
    permissions: ['send_messages', 'send_media'],
    is_default: false,
    created_at: '2024-05-01T10:00:00Z',
    ...over,
  }
}

export const memberRole = role('r-member', 0, { name: 'member', is_default: true })
export const modRole = role('r-mod', 10, { name: 'mod', permissions: ['send_messages', 'kick_members', 'manage_roles'] })

export function group(over: Partial<GroupDetails> = {}): GroupDetails {
  return {
    id: 'g1',
    conversation_id: 'gc1',
    name: 'Team',
    description: '',
    photo_url: null,
    kind: 'private',
    handle: null,
    owner_id: me.id,
    default_role_id: memberRole.id,
    member_count: 2,
    slowmode_secs: 0,
    created_at: '2024-05-01T10:00:00Z',
    roles: [modRole, memberRole],
    me: { role_id: memberRole.id, owner: true, permissions: [], priority: 0 },
    ...over,
  }
}

export function member(user: PublicUser = bob, over: Partial<Member> = {}): Member {
  return { group_id: 'g1', user, role_id: memberRole.id, owner: false, joined_at: '2024-05-02T10:00:00Z', timed_out_until: null, ...over }
}

export function media(id: string, over: Partial<Media> = {}): Media {
  return {
    id,
    kind: 'image',
    mime: 'image/png',
    size: 2048,
    sha256: 'c0ffee',
    width: null,
    height: null,
    duration_ms: null,
    status: 'processing',
    url: `/api/v1/media/${id}`,
    thumbnail_url: null,
    waveform: null,
    uploader_id: me.id,
    created_at: '2024-05-01T10:00:00Z',
    ...over,
  }
}
