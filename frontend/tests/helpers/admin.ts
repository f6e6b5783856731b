/** Shapes of the site administration's answers, for tests. */
import type { AdminGroup, AdminReport, AdminUser } from '@/api/admin'

import { alice } from './fixtures'

export const adminUser = (id: string, username: string, extra: Partial<AdminUser> = {}): AdminUser => ({
  id,
  username,
  display_name: username[0]!.toUpperCase() + username.slice(1),
  bio: '',
  bot: false,
  status_text: '',
  avatar_url: null,
  created_at: '2024-05-01T10:00:00Z',
  email: `${username}@example.test`,
  email_verified_at: null,
  last_seen_at: null,
  disabled_at: null,
  disabled_reason: null,
  site_admin: false,
  ...extra,
})

export const adminGroup = (id: string, name: string): AdminGroup => ({
  id,
  name,
  conversation_id: `c-${id}`,
  created_at: '2024-05-01T10:00:00Z',
  description: '',
  kind: 'private',
  member_count: 3,
  owner_id: alice.id,
  slowmode_secs: 0,
  owner: alice,
})

export const adminReport = (id: string, extra: Partial<AdminReport> = {}): AdminReport => ({
  id,
  reason: 'spam',
  details: 'again and again',
  state: 'open',
  created_at: '2024-06-01T10:00:00Z',
  group_id: null,
  message_id: 'm1',
  message_text: 'buy now',
  reporter: alice,
  target: adminUser('u2', 'bob'),
  ...extra,
})
