import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useSecurityStore } from '@/stores/security'
import { useTwoFactorStore } from '@/stores/twoFactor'

import { errorEnvelope, flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const SETUP = { secret: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://totp/Confab:alice?secret=JBSWY3DPEHPK3PXP', qr_png_base64: 'iVBORw0KGgo=' }
const CODES = { codes: Array.from({ length: 10 }, (_, i) => `code${i}-xxxxx`), created_at: '2024-06-02T10:00:00Z' }

describe('two-factor store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('loads the status, sets up, and turns on with a code; first recovery codes are counted', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/me/two-factor': () => json(200, { totp_enabled: false, recovery_codes_remaining: 0 }),
      'POST /api/v1/users/me/two-factor/totp/setup': () => json(201, SETUP),
      'POST /api/v1/users/me/two-factor/totp/enable': () => json(200, { recovery_codes: CODES }),
      'GET /api/v1/users/me/security-events': () => json(200, []),
    })
    const store = useTwoFactorStore()
    await store.load()
    expect(store.status).toEqual({ totp_enabled: false, recovery_codes_remaining: 0 })
    await store.startSetup()
    expect(store.setup).toEqual(SETUP)

    await expect(store.enable('123456')).resolves.toEqual(CODES)
    expect(requests.find((r) => r.url.endsWith('/enable'))!.body).toEqual({ code: '123456' })
    expect(store.setup).toBeNull()
    expect(store.status).toEqual({ totp_enabled: true, recovery_codes_remaining: 10 })
    expect(useSecurityStore().recovery).toEqual({ remaining: 10, created_at: CODES.created_at })
    await flush()
    expect(requests.map(route)).toContain('GET /api/v1/users/me/security-events')
  })

  it('a wrong code keeps the setup; a setup that is gone is dropped', async () => {
    let answer = () => errorEnvelope(401, 'invalid_second_factor', 'wrong')
    serveRoutes({
      'POST /api/v1/users/me/two-factor/totp/setup': () => json(201, SETUP),
      'POST /api/v1/users/me/two-factor/totp/enable': () => answer(),
    })
    const store = useTwoFactorStore()
    await store.startSetup()
    await expect(store.enable('000000')).rejects.toMatchObject({ code: 'invalid_second_factor' })
    expect(store.setup).toEqual(SETUP)
    answer = () => errorEnvelope(409, 'totp_not_set_up', 'start first')
    await expect(store.enable('000000')).rejects.toMatchObject({ code: 'totp_not_set_up' })
    expect(store.setup).toBeNull()
  })

  it('already on (another tab): the status is asked again', async () => {
    const requests = serveRoutes({
      'POST /api/v1/users/me/two-factor/totp/setup': () => errorEnvelope(409, 'totp_already_enabled', 'on'),
      'GET /api/v1/users/me/two-factor': () => json(200, { totp_enabled: true, recovery_codes_remaining: 10 }),
    })
    const store = useTwoFactorStore()
    await expect(store.startSetup()).rejects.toMatchObject({ code: 'totp_already_enabled' })
    await flush()
    expect(requests.map(route)).toContain('GET /api/v1/users/me/two-factor')
    expect(store.status?.totp_enabled).toBe(true)
  })

  it('turns off with the password and a code, and counts the recovery codes again', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/me/two-factor': () => json(200, { totp_enabled: true, recovery_codes_remaining: 10 }),
      'POST /api/v1/users/me/two-factor/totp/disable': () => json(204),
      'GET /api/v1/users/me/recovery-codes': () => json(200, { remaining: 9, created_at: CODES.created_at }),
    })
    const store = useTwoFactorStore()
    await store.load()
    await store.disable({ password: 'correct horse', code: 'code1-xxxxx' })
    expect(requests.find((r) => r.url.endsWith('/disable'))!.body).toEqual({ password: 'correct horse', code: 'code1-xxxxx' })
    expect(store.status?.totp_enabled).toBe(false)
    await flush()
    expect(useSecurityStore().recovery?.remaining).toBe(9)
  })
})
