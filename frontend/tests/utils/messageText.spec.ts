import { describe, expect, it } from 'vitest'

import { describeSystem, messagePreview, systemNote, systemTargetId, type NameOf } from '@/utils/messageText'

import { bob, carol, me, message } from '../helpers/chat'
import { media } from '../helpers/groups'

// As usePeople names: "You" for me, "you" inside a sentence.
const nameOf: NameOf = (id, midSentence) =>
  id === me.id ? (midSentence ? 'you' : 'You') : id === bob.id ? 'Bob' : id === carol.id ? 'carol' : 'Unknown user'

describe('describeSystem', () => {
  it('says who did what', () => {
    expect(describeSystem({ type: 'member_joined', user_id: carol.id, invited_by: bob.id }, nameOf)).toBe('carol joined, invited by Bob')
    expect(describeSystem({ type: 'member_joined', user_id: carol.id, invited_by: null }, nameOf)).toBe('carol joined the group')
    expect(describeSystem({ type: 'member_kicked', user_id: carol.id, actor_id: me.id }, nameOf)).toBe('You removed carol')
    expect(describeSystem({ type: 'role_assigned', actor_id: bob.id, user_id: carol.id, role_id: 'r', name: 'admin' }, nameOf)).toBe(
      'Bob gave carol the role “admin”',
    )
    expect(describeSystem({ type: 'group_updated', actor_id: bob.id, fields: ['name', 'description'] }, nameOf)).toBe(
      'Bob changed the group’s name, description',
    )
  })

  it('names me "you" inside a sentence and "You" at its start', () => {
    expect(describeSystem({ type: 'role_assigned', actor_id: bob.id, user_id: me.id, role_id: 'r', name: 'admin' }, nameOf)).toBe(
      'Bob gave you the role “admin”',
    )
    expect(describeSystem({ type: 'member_kicked', actor_id: bob.id, user_id: me.id }, nameOf)).toBe('Bob removed you')
    expect(describeSystem({ type: 'ownership_transferred', actor_id: bob.id, user_id: me.id }, nameOf)).toBe('Bob made you the owner')
    expect(describeSystem({ type: 'member_joined', user_id: carol.id, invited_by: me.id }, nameOf)).toBe('carol joined, invited by you')
    expect(describeSystem({ type: 'member_joined', user_id: me.id, invited_by: bob.id }, nameOf)).toBe('You joined, invited by Bob')
    expect(describeSystem({ type: 'member_left', user_id: me.id }, nameOf)).toBe('You left the group')
  })

  it('says who pinned or unpinned a message, and which message the line goes to', () => {
    const pinned = { type: 'message_pinned', actor_id: bob.id, message_id: 'm1' }
    expect(describeSystem(pinned, nameOf)).toBe('Bob pinned a message')
    expect(describeSystem({ ...pinned, type: 'message_unpinned', actor_id: me.id }, nameOf)).toBe('You unpinned a message')
    expect(systemTargetId(pinned)).toBe('m1')
    expect(systemTargetId({ type: 'member_left', user_id: bob.id })).toBeNull()
  })

  it('still says something for a kind it does not know', () => {
    expect(describeSystem({ type: 'pin_added', actor_id: bob.id }, nameOf)).toBe('Bob: pin added')
    expect(describeSystem({ type: 'history_cleared' }, nameOf)).toBe('History cleared')
  })

  it('reads a system object without a type as an unknown kind (the document types it as any object)', () => {
    const note = { type: 'member_left', user_id: bob.id }
    expect(systemNote(note)).toBe(note)
    expect(describeSystem(systemNote({ actor_id: bob.id }), nameOf)).toBe('Bob: unknown')
    expect(messagePreview(message(1, { author_id: null, body: null, system: {} }), me.id, nameOf, true)).toBe('Unknown')
  })
})

describe('messagePreview', () => {
  it('prefixes my messages and group authors, flattens whitespace, and hides deleted text', () => {
    expect(messagePreview(message(1, { body: 'hi\n  there' }), me.id, nameOf, false)).toBe('hi there')
    expect(messagePreview(message(1, { author_id: me.id, body: 'yo' }), me.id, nameOf, false)).toBe('You: yo')
    expect(messagePreview(message(1, { body: 'yo' }), me.id, nameOf, true)).toBe('Bob: yo')
    expect(messagePreview(message(1, { body: null, deleted_at: '2024-06-01T12:00:00Z' }), me.id, nameOf, false)).toBe('Message deleted')
    expect(messagePreview(message(1, { author_id: null, body: null, system: { type: 'member_left', user_id: bob.id } }), me.id, nameOf, true)).toBe(
      'Bob left the group',
    )
  })

  it('names a message of attachments alone', () => {
    const nameOf = (id: string | null | undefined) => (id ? 'Bob' : 'Someone')
    const photo = message(1, { body: '', attachments: [media('m1')] })
    expect(messagePreview(photo, null, nameOf, false)).toBe('Photo')
    const two = message(2, { body: '', attachments: [media('m1'), media('m2', { kind: 'audio' })] })
    expect(messagePreview(two, null, nameOf, true)).toBe('Bob: 2 attachments')
  })
})
