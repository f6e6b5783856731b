import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  assertionToJSON,
  base64urlToBuffer,
  bufferToBase64url,
  createPasskey,
  creationOptionsFromJSON,
  defaultPasskeyName,
  getPasskey,
  isPasskeyCancelled,
  registrationToJSON,
  requestOptionsFromJSON,
} from '@/utils/webauthn'

const bytes = (...b: number[]) => new Uint8Array(b).buffer
const asArray = (b: unknown) => [...new Uint8Array(b as ArrayBuffer)]

/** Creation options as webauthn-rs writes them (trimmed). */
const creation = {
  publicKey: {
    rp: { name: 'Confab', id: 'localhost' },
    user: { id: 'AAEC_w', name: 'alice', displayName: 'Alice' },
    challenge: '-_8',
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    timeout: 300000,
    excludeCredentials: [{ type: 'public-key', id: 'AQID' }],
    authenticatorSelection: { residentKey: 'preferred', requireResidentKey: false, userVerification: 'required' },
    attestation: 'none',
    extensions: { credProps: true, uvm: null },
  },
}

const request = {
  publicKey: {
    challenge: 'AQIDBA',
    timeout: 300000,
    rpId: 'localhost',
    allowCredentials: [],
    userVerification: 'required',
  },
  mediation: null,
}

afterEach(() => vi.unstubAllGlobals())

describe('base64url', () => {
  it('round-trips any bytes, with no padding and the URL alphabet', () => {
    for (let n = 0; n < 40; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 37 + n * 11) % 256)
      const s = bufferToBase64url(b.buffer)
      expect(s).toMatch(/^[A-Za-z0-9_-]*$/)
      expect(asArray(base64urlToBuffer(s))).toEqual([...b])
    }
    expect(bufferToBase64url(bytes(0xfb, 0xff, 0xbf))).toBe('-_-_')
  })

  it('reads padded and plain base64 too, and takes views of part of a buffer', () => {
    expect(asArray(base64urlToBuffer('AQI='))).toEqual([1, 2])
    expect(asArray(base64urlToBuffer('+/8'))).toEqual([0xfb, 0xff])
    expect(bufferToBase64url(new Uint8Array([9, 1, 2, 9]).subarray(1, 3))).toBe('AQI')
  })

  it('refuses what is not base64url', () => {
    expect(() => base64urlToBuffer('a b')).toThrow(TypeError)
    expect(() => base64urlToBuffer('A')).toThrow(TypeError)
  })
})

describe('the server’s options for the browser', () => {
  it('turns the binary fields of creation options into buffers and keeps the rest', () => {
    const { publicKey } = creationOptionsFromJSON(creation) as unknown as { publicKey: Record<string, unknown> }
    expect(asArray(publicKey.challenge)).toEqual([0xfb, 0xff])
    const user = publicKey.user as { id: ArrayBuffer; name: string; displayName: string }
    expect(asArray(user.id)).toEqual([0, 1, 2, 0xff])
    expect(user.name).toBe('alice')
    expect(user.displayName).toBe('Alice')
    const exclude = publicKey.excludeCredentials as { id: ArrayBuffer; type: string }[]
    expect(exclude.map((d) => [d.type, asArray(d.id)])).toEqual([['public-key', [1, 2, 3]]])
    expect(publicKey.rp).toEqual({ name: 'Confab', id: 'localhost' })
    expect(publicKey.authenticatorSelection).toEqual(creation.publicKey.authenticatorSelection)
    // A null is an absent member to the browser (a null where it wants a boolean or list throws).
    expect(publicKey.extensions).toEqual({ credProps: true })
  })

  it('turns request options into buffers, with the credentials allowed', () => {
    const { publicKey } = requestOptionsFromJSON(request) as unknown as { publicKey: Record<string, unknown> }
    expect(asArray(publicKey.challenge)).toEqual([1, 2, 3, 4])
    expect(publicKey.rpId).toBe('localhost')
    expect(publicKey.allowCredentials).toEqual([])
    expect(publicKey.userVerification).toBe('required')

    const second = requestOptionsFromJSON({
      publicKey: { ...request.publicKey, allowCredentials: [{ type: 'public-key', id: 'BAU', transports: ['internal'] }] },
    }) as { publicKey: { allowCredentials: { id: ArrayBuffer; transports: string[] }[] } }
    expect(asArray(second.publicKey.allowCredentials[0]!.id)).toEqual([4, 5])
    expect(second.publicKey.allowCredentials[0]!.transports).toEqual(['internal'])
  })

  it('refuses options without a challenge', () => {
    expect(() => requestOptionsFromJSON({ publicKey: {} })).toThrow(TypeError)
  })
})

/** What Chromium answers, as far as these functions look. */
function attestation(transports?: string[]) {
  return {
    id: 'AQID',
    rawId: bytes(1, 2, 3),
    type: 'public-key',
    response: {
      attestationObject: bytes(0xa3, 0x63),
      clientDataJSON: new TextEncoder().encode('{"type":"webauthn.create"}').buffer,
      ...(transports ? { getTransports: () => transports } : {}),
    },
  } as unknown as PublicKeyCredential
}

function assertion(userHandle: ArrayBuffer | null) {
  return {
    id: 'AQID',
    rawId: bytes(1, 2, 3),
    type: 'public-key',
    response: {
      authenticatorData: bytes(0x49, 0x96),
      clientDataJSON: bytes(0x7b, 0x7d),
      signature: bytes(0x30, 0x45),
      userHandle,
    },
  } as unknown as PublicKeyCredential
}

describe('the browser’s answers for the server', () => {
  it('writes a new credential as JSON of base64url strings, with its transports', () => {
    expect(registrationToJSON(attestation(['internal', 'hybrid']))).toEqual({
      id: 'AQID',
      rawId: 'AQID',
      type: 'public-key',
      response: {
        attestationObject: 'o2M',
        clientDataJSON: bufferToBase64url(new TextEncoder().encode('{"type":"webauthn.create"}')),
        transports: ['internal', 'hybrid'],
      },
      extensions: {},
    })
    // A browser without getTransports() leaves them out.
    expect(registrationToJSON(attestation()).response).not.toHaveProperty('transports')
  })

  it('writes an assertion as JSON, the user handle null when there is none', () => {
    expect(assertionToJSON(assertion(bytes(0, 1, 2, 0xff)))).toEqual({
      id: 'AQID',
      rawId: 'AQID',
      type: 'public-key',
      response: { authenticatorData: 'SZY', clientDataJSON: 'e30', signature: 'MEU', userHandle: 'AAEC_w' },
      extensions: {},
    })
    expect(assertionToJSON(assertion(null)).response.userHandle).toBeNull()
  })
})

describe('the prompts', () => {
  it('create() gets buffers and its answer comes back as JSON', async () => {
    const create = vi.fn(async () => attestation(['internal']))
    vi.stubGlobal('navigator', { ...navigator, credentials: { create, get: vi.fn() } })
    const json = await createPasskey(creation)
    const arg = create.mock.calls[0] as unknown as [CredentialCreationOptions]
    expect(asArray(arg[0].publicKey!.challenge)).toEqual([0xfb, 0xff])
    expect(json.rawId).toBe('AQID')
    expect(json.response.transports).toEqual(['internal'])
  })

  it('get() passes the abort signal; a null answer counts as cancelled', async () => {
    const get = vi.fn(async () => null)
    vi.stubGlobal('navigator', { ...navigator, credentials: { create: vi.fn(), get } })
    const signal = new AbortController().signal
    const err = await getPasskey(request, signal).catch((e: unknown) => e)
    expect((get.mock.calls[0] as unknown as [CredentialRequestOptions])[0].signal).toBe(signal)
    expect(isPasskeyCancelled(err)).toBe(true)
  })

  it('tells a cancelled prompt from a failure', () => {
    expect(isPasskeyCancelled(new DOMException('closed', 'NotAllowedError'))).toBe(true)
    expect(isPasskeyCancelled(new DOMException('aborted', 'AbortError'))).toBe(true)
    expect(isPasskeyCancelled(new DOMException('known', 'InvalidStateError'))).toBe(false)
    expect(isPasskeyCancelled(new Error('x'))).toBe(false)
  })
})

describe('a passkey’s default name', () => {
  it('names the browser and the system', () => {
    expect(
      defaultPasskeyName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux')
    expect(
      defaultPasskeyName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS')
    expect(defaultPasskeyName('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox on Windows',
    )
    expect(defaultPasskeyName('curl/8.0')).toBe('Passkey')
  })
})
