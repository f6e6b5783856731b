import { afterEach, describe, expect, it } from 'vitest'

import { setLocale } from '@/i18n'
import { describeSystem, messagePreview, systemNote, systemTargetId, systemText, type NameOf } from '@/utils/messageText'

import { bob, carol, me, message } from '../helpers/chat'
import { media } from '../helpers/groups'

// As usePeople names: "You" for me, "you" inside a sentence.
const nameOf: NameOf = (id, midSentence) =>
  id === me.id ? (midSentence ? 'you' : 'You') : id === bob.id ? 'Bob' : id === carol.id ? 'carol' : 'Unknown user'

describe('describeSystem', () => {
  it('says who did what', () => {
    expect(describeSystem({ type: 'member_joined', user_id: carol.id, invited_by: bob.id }, nameOf, me.id)).toBe('carol joined, invited by Bob')
    expect(describeSystem({ type: 'member_joined', user_id: carol.id, invited_by: null }, nameOf, me.id)).toBe('carol joined the group')
    expect(describeSystem({ type: 'member_kicked', user_id: carol.id, actor_id: me.id }, nameOf, me.id)).toBe('You removed carol')
    expect(describeSystem({ type: 'role_assigned', actor_id: bob.id, user_id: carol.id, role_id: 'r', name: 'admin' }, nameOf, me.id)).toBe(
      'Bob gave carol the role “admin”',
    )
    expect(describeSystem({ type: 'group_updated', actor_id: bob.id, fields: ['name', 'description'] }, nameOf, me.id)).toBe(
      'Bob changed the group’s name, description',
    )
  })

  it('names me "you" inside a sentence and "You" at its start', () => {
    expect(describeSystem({ type: 'role_assigned', actor_id: bob.id, user_id: me.id, role_id: 'r', name: 'admin' }, nameOf, me.id)).toBe(
      'Bob gave you the role “admin”',
    )
    expect(describeSystem({ type: 'member_kicked', actor_id: bob.id, user_id: me.id }, nameOf, me.id)).toBe('Bob removed you')
    expect(describeSystem({ type: 'ownership_transferred', actor_id: bob.id, user_id: me.id }, nameOf, me.id)).toBe('Bob made you the owner')
    expect(describeSystem({ type: 'member_joined', user_id: carol.id, invited_by: me.id }, nameOf, me.id)).toBe('carol joined, invited by you')
    expect(describeSystem({ type: 'member_joined', user_id: me.id, invited_by: bob.id }, nameOf, me.id)).toBe('You joined, invited by Bob')
    expect(describeSystem({ type: 'member_left', user_id: me.id }, nameOf, me.id)).toBe('You left the group')
  })

  it('says who pinned or unpinned a message, and which message the line goes to', () => {
    const pinned = { type: 'message_pinned', actor_id: bob.id, message_id: 'm1' }
    expect(describeSystem(pinned, nameOf, me.id)).toBe('Bob pinned a message')
    expect(describeSystem({ ...pinned, type: 'message_unpinned', actor_id: me.id }, nameOf, me.id)).toBe('You unpinned a message')
    expect(systemTargetId(pinned)).toBe('m1')
    expect(systemTargetId({ type: 'member_left', user_id: bob.id })).toBeNull()
  })

  it('still says something for a kind it does not know', () => {
    expect(describeSystem({ type: 'pin_added', actor_id: bob.id }, nameOf, me.id)).toBe('Bob: pin added')
    expect(describeSystem({ type: 'history_cleared' }, nameOf, me.id)).toBe('History cleared')
  })

  it('reads a system object without a type as an unknown kind (the document types it as any object)', () => {
    const note = { type: 'member_left', user_id: bob.id }
    expect(systemNote(note)).toBe(note)
    expect(describeSystem(systemNote({ actor_id: bob.id }), nameOf, me.id)).toBe('Bob: unknown')
    expect(messagePreview(message(1, { author_id: null, body: null, system: {} }), me.id, nameOf, true)).toBe('Unknown')
  })
})

describe('messagePreview', () => {
  it('prefixes my messages and group authors (the name isolated, FSI … PDI), flattens whitespace, and hides deleted text', () => {
    expect(messagePreview(message(1, { body: 'hi\n  there' }), me.id, nameOf, false)).toBe('hi there')
    expect(messagePreview(message(1, { author_id: me.id, body: 'yo' }), me.id, nameOf, false)).toBe('You: yo')
    expect(messagePreview(message(1, { body: 'yo' }), me.id, nameOf, true)).toBe('\u2068Bob\u2069: yo')
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
    expect(messagePreview(two, null, nameOf, true)).toBe('\u2068Bob\u2069: 2 attachments')
  })
})

describe('system lines in other languages', () => {
  afterEach(() => setLocale('en'))

  it('word the reader as "you" with the language’s own grammar, never as a name', async () => {
    await setLocale('de')
    const gave = { type: 'role_assigned', actor_id: bob.id, user_id: me.id, role_id: 'r', name: 'Mods' }
    expect(describeSystem(gave, nameOf, me.id)).toBe('Bob hat dir die Rolle „Mods“ gegeben')
    expect(describeSystem({ ...gave, actor_id: me.id, user_id: carol.id }, nameOf, me.id)).toBe('Du hast carol die Rolle „Mods“ gegeben')
    expect(describeSystem({ type: 'member_kicked', actor_id: bob.id, user_id: me.id }, nameOf, me.id)).toBe('Bob hat dich entfernt')
    await setLocale('ar')
    expect(describeSystem(gave, nameOf, me.id)).toBe('منحك Bob الدور «Mods»')
    expect(describeSystem({ type: 'member_kicked', actor_id: bob.id, user_id: carol.id }, nameOf, me.id)).toBe('أزال Bob carol')
  })

  it('say "yourself" for a role one gave oneself, and "a role" for one without a name', () => {
    const own = { type: 'role_assigned', actor_id: me.id, user_id: me.id, role_id: 'r', name: 'admin' }
    expect(describeSystem(own, nameOf, me.id)).toBe('You gave yourself the role “admin”')
    expect(describeSystem({ type: 'role_created', actor_id: bob.id }, nameOf, me.id)).toBe('Bob created a role')
    expect(describeSystem({ type: 'role_assigned', actor_id: bob.id, user_id: me.id, role_id: 'r' }, nameOf, me.id)).toBe(
      'Bob gave you a role',
    )
  })

  it('name the group’s changed fields in the language shown', async () => {
    await setLocale('de')
    expect(describeSystem({ type: 'group_updated', actor_id: bob.id, fields: ['name', 'photo'] }, nameOf, me.id)).toBe(
      'Bob hat die Gruppe geändert: Name, Foto',
    )
  })

  it('give the key and names apart, for a line that isolates each name', () => {
    expect(systemText({ type: 'member_kicked', actor_id: bob.id, user_id: carol.id }, nameOf, me.id)).toEqual({
      key: 'chats.system.kicked.other',
      params: { actor: 'Bob', user: 'carol' },
    })
  })
})
