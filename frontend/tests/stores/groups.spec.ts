import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useConversationsStore } from '@/stores/conversations'
import { useGroupsStore } from '@/stores/groups'
import { useMessagesStore } from '@/stores/messages'

import { conversation, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group, member, memberRole, modRole, role } from '../helpers/groups'
import { errorEnvelope, flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('groups store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('creates a group and lists its conversation', async () => {
    const requests = serveRoutes({
      'POST /api/v1/groups': () => json(201, group()),
      'GET /api/v1/conversations/gc1': () => json(200, conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', kind: 'private' } })),
    })
    const g = await useGroupsStore().create({ name: 'Team', kind: 'private' })
    expect(g.conversation_id).toBe('gc1')
    expect(requests[0]!.body).toEqual({ name: 'Team', kind: 'private' })
    expect(useConversationsStore().byId.gc1?.group?.name).toBe('Team')
    expect(requests.map(route)).toContain('GET /api/v1/conversations/gc1')
  })

  it('loads a group once while a load is in flight, and remembers a refusal', async () => {
    const requests = serveRoutes({
      'GET /api/v1/groups/g1': () => json(200, group()),
      'GET /api/v1/groups/g2': () => errorEnvelope(404, 'not_found', 'no such group'),
    })
    const groups = useGroupsStore()
    await Promise.all([groups.load('g1'), groups.ensure('g1')])
    expect(requests).toHaveLength(1)
    expect(await groups.load('g2')).toBeNull()
    expect(groups.errors.g2).toBe('That is not there any more, or you cannot see it.')
    expect(groups.byConversation('gc1')?.id).toBe('g1')
  })

  it('follows info edits into the conversation list', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', kind: 'private' } }))
    const groups = useGroupsStore()
    groups.upsert(group())
    groups.applyGroup({ ...group(), name: 'Renamed', photo_url: '/api/v1/media/p1' })
    expect(groups.byId.g1?.name).toBe('Renamed')
    expect(conversations.byId.gc1?.group).toMatchObject({ name: 'Renamed', photo_url: '/api/v1/media/p1' })
  })

  it('drops the group, its conversation and history when I am removed', () => {
    const conversations = useConversationsStore()
    const messages = useMessagesStore()
    conversations.upsert(conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', kind: 'private' } }))
    messages.historyOf('gc1')
    const groups = useGroupsStore()
    groups.upsert(group())
    groups.applyMemberLeft({ group_id: 'g1', user_id: 'someone' })
    expect(groups.byId.g1?.member_count).toBe(1)
    groups.applyMemberLeft({ group_id: 'g1', user_id: me.id })
    expect(groups.byId.g1).toBeUndefined()
    expect(conversations.byId.gc1).toBeUndefined()
    expect(messages.histories.gc1).toBeUndefined()
  })

  it('drops a group not loaded yet by finding its conversation', () => {
    const conversations = useConversationsStore()
    conversations.upsert(conversation('gc9', { kind: 'group', peer: null, group: { id: 'g9', name: 'Other', kind: 'private' } }))
    useGroupsStore().applyMemberLeft({ group_id: 'g9', user_id: me.id })
    expect(conversations.byId.gc9).toBeUndefined()
  })

  it('keeps my permissions in step with my role', () => {
    const groups = useGroupsStore()
    groups.upsert(group({ me: { role_id: memberRole.id, owner: false, permissions: ['send_messages'], priority: 0 } }))
    groups.applyMemberUpdated(member({ ...me, bio: '', status_text: '' }, { role_id: modRole.id }))
    expect(groups.byId.g1?.me).toMatchObject({ role_id: modRole.id, priority: 10, permissions: modRole.permissions })
    groups.applyRole({ ...modRole, permissions: ['send_messages'] })
    expect(groups.byId.g1?.me?.permissions).toEqual(['send_messages'])
    groups.applyRoleDeleted({ group_id: 'g1', role_id: modRole.id, moved_to: memberRole.id })
    expect(groups.byId.g1?.me).toMatchObject({ role_id: memberRole.id, priority: 0 })
    expect(groups.byId.g1?.roles.map((r) => r.id)).toEqual([memberRole.id])
  })

  it('asks for my place when my role is deleted without a role to move me to', async () => {
    const requests = serveRoutes({ 'GET /api/v1/groups/g1': () => json(200, group()) })
    const groups = useGroupsStore()
    groups.upsert(group({ me: { role_id: modRole.id, owner: false, permissions: modRole.permissions, priority: 10 } }))
    groups.applyRoleDeleted({ group_id: 'g1', role_id: modRole.id, moved_to: null })
    await flush()
    expect(requests.map(route)).toEqual(['GET /api/v1/groups/g1'])
    expect(groups.byId.g1?.me?.role_id).toBe(memberRole.id)
  })

  it('applies a reorder and a new role in priority order', () => {
    const groups = useGroupsStore()
    groups.upsert(group())
    groups.applyRole(role('r-new', 5))
    expect(groups.byId.g1?.roles.map((r) => r.id)).toEqual([modRole.id, 'r-new', memberRole.id])
    groups.applyRolesReordered({ group_id: 'g1', roles: [{ ...modRole, priority: 1 }, { ...memberRole }, role('r-new', 5)] })
    expect(groups.byId.g1?.roles.map((r) => r.id)).toEqual(['r-new', modRole.id, memberRole.id])
  })

  it('sends role changes and reorders to the API', async () => {
    const requests = serveRoutes({
      'POST /api/v1/groups/g1/roles': () => json(201, role('r-x', 3)),
      'PUT /api/v1/groups/g1/roles/priorities': () => json(200, { items: [role('r-x', 11), modRole, memberRole] }),
      'DELETE /api/v1/groups/g1/roles/r-x': () => json(204),
    })
    const groups = useGroupsStore()
    groups.upsert(group())
    await groups.createRole('g1', { name: 'x', priority: 3, permissions: [] })
    await groups.reorderRoles('g1', [{ role_id: 'r-x', priority: 11 }])
    expect(groups.byId.g1?.roles[0]?.id).toBe('r-x')
    await groups.deleteRole('g1', 'r-x')
    expect(groups.byId.g1?.roles.some((r) => r.id === 'r-x')).toBe(false)
    expect(requests.map(route)).toEqual([
      'POST /api/v1/groups/g1/roles',
      'PUT /api/v1/groups/g1/roles/priorities',
      'DELETE /api/v1/groups/g1/roles/r-x',
    ])
    expect(requests[1]!.body).toEqual({ items: [{ role_id: 'r-x', priority: 11 }] })
  })

  it('asks again for my standing when the ownership moves to or from me', async () => {
    const requests = serveRoutes({ 'GET /api/v1/groups/g1': () => json(200, group({ owner_id: 'other' })) })
    const groups = useGroupsStore()
    groups.upsert(group())
    groups.applyGroup({ ...group(), owner_id: 'other' })
    await Promise.resolve()
    expect(requests.map(route)).toEqual(['GET /api/v1/groups/g1'])
  })

  it('drops on reload only the groups the server no longer shows', async () => {
    serveRoutes({
      'GET /api/v1/groups/g1': () => errorEnvelope(404, 'not_found', 'gone'),
      'GET /api/v1/groups/g2': () => errorEnvelope(503, 'unavailable', 'try later'),
    })
    const groups = useGroupsStore()
    groups.upsert(group())
    groups.upsert(group({ id: 'g2', conversation_id: 'gc2' }))
    await groups.reload()
    expect(Object.keys(groups.byId)).toEqual(['g2'])
  })
})
