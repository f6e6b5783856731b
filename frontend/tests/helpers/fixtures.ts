import type { User } from '@/api/types'
import { ACCESS_TOKEN_KEY, REFRESH_TOKEN_KEY, USER_KEY } from '@/stores/auth'

export const alice: User = {
  id: '0b8f2c1e-0000-4000-8000-000000000001',
  username: 'alice',
  display_name: 'Alice',
  email: null,
  has_password: true,
  bio: '',
  status_text: '',
  avatar_url: null,
  created_at: '2024-05-01T10:00:00Z',
  bot: false,
  link_previews: true,
  push_previews: false,
  do_not_disturb: { until: null, quiet_hours: null },
  site_admin: false,
}

export function storeSession(access = 'a1', refresh = 'r1', user: User | null = alice): void {
  localStorage.setItem(ACCESS_TOKEN_KEY, access)
  localStorage.setItem(REFRESH_TOKEN_KEY, refresh)
  if (user) localStorage.setItem(USER_KEY, JSON.stringify(user))
}
