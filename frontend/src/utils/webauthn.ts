/**
 * Passkeys (WebAuthn) between the server's JSON and the browser's API.
 *
 * The server sends the options of a ceremony as JSON (`{publicKey: {...}}`)
 * with its binary fields (challenge, user id, credential ids) as base64url
 * strings; `navigator.credentials.create()`/`.get()` want ArrayBuffers there,
 * and answer with a `PublicKeyCredential` of ArrayBuffers, which the server
 * wants back as JSON of base64url strings. This module does both directions
 * (written here rather than taken from a package: it is small, and
 * `@github/webauthn-json`, the usual one, is archived in favour of the
 * browsers' own `parseCreationOptionsFromJSON`/`toJSON`, which not every
 * browser in use has yet).
 */
import { i18n } from '@/i18n'

const { t } = i18n.global

export type JsonObject = Record<string, unknown>

/** The JSON of a new credential, as `POST /users/me/passkeys` takes it. */
export type RegistrationJSON = {
  id: string
  rawId: string
  type: string
  response: { attestationObject: string; clientDataJSON: string; transports?: string[] }
  extensions: JsonObject
}

/** The JSON of an assertion, as `POST /auth/passkey` and the second login step take it. */
export type AssertionJSON = {
  id: string
  rawId: string
  type: string
  response: { authenticatorData: string; clientDataJSON: string; signature: string; userHandle: string | null }
  extensions: JsonObject
}

// ---- base64url ⇄ bytes ---------------------------------------------------------

/** Bytes of a base64url string (padding optional; plain base64's `+/` accepted too). */
export function base64urlToBuffer(value: string): ArrayBuffer {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (/[^A-Za-z0-9+/]/.test(b64) || b64.length % 4 === 1) throw new TypeError('not base64url')
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes.buffer
}

/** base64url without padding, as WebAuthn JSON writes binary fields. */
export function bufferToBase64url(value: ArrayBuffer | ArrayBufferView): string {
  const bytes = ArrayBuffer.isView(value)
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : new Uint8Array(value)
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

// ---- server options → browser options --------------------------------------------

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A copy without `null`s (absent members, to the browser; a null where a list belongs is a TypeError). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(withoutNulls)
  if (!isObject(v)) return v
  const out: JsonObject = {}
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = withoutNulls(x)
  return out
}

function publicKeyOf(options: JsonObject): JsonObject {
  const pk = withoutNulls(options.publicKey ?? options)
  if (!isObject(pk) || typeof pk.challenge !== 'string') throw new TypeError('not WebAuthn options: no publicKey.challenge')
  return pk
}

function descriptors(list: unknown): JsonObject[] | undefined {
  if (!Array.isArray(list)) return undefined
  return list.filter(isObject).map((d) => ({ ...d, id: base64urlToBuffer(String(d.id)) }))
}

/** `{publicKey}` of `POST /users/me/passkeys/registration` → options for `navigator.credentials.create()`. */
export function creationOptionsFromJSON(options: JsonObject): CredentialCreationOptions {
  const pk = publicKeyOf(options)
  const user = isObject(pk.user) ? pk.user : {}
  const publicKey = {
    ...pk,
    challenge: base64urlToBuffer(pk.challenge as string),
    user: { ...user, id: base64urlToBuffer(String(user.id ?? '')) },
  } as JsonObject
  const exclude = descriptors(pk.excludeCredentials)
  if (exclude) publicKey.excludeCredentials = exclude
  return { publicKey: publicKey as unknown as PublicKeyCredentialCreationOptions }
}

/** `{publicKey}` of the passkey login options → options for `navigator.credentials.get()`. */
export function requestOptionsFromJSON(options: JsonObject): CredentialRequestOptions {
  const pk = publicKeyOf(options)
  const publicKey = { ...pk, challenge: base64urlToBuffer(pk.challenge as string) } as JsonObject
  const allow = descriptors(pk.allowCredentials)
  if (allow) publicKey.allowCredentials = allow
  // `mediation` sits beside `publicKey` in the server's JSON; a plain prompt is what the buttons want.
  return { publicKey: publicKey as unknown as PublicKeyCredentialRequestOptions }
}

// ---- browser credential → server JSON ------------------------------------------------

/** The answer of `navigator.credentials.create()` as JSON for the server. */
export function registrationToJSON(credential: PublicKeyCredential): RegistrationJSON {
  const response = credential.response as AuthenticatorAttestationResponse
  const transports = typeof response.getTransports === 'function' ? response.getTransports() : undefined
  return {
    id: credential.id,
    rawId: bufferToBase64url(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: bufferToBase64url(response.attestationObject),
      clientDataJSON: bufferToBase64url(response.clientDataJSON),
      ...(transports ? { transports } : {}),
    },
    extensions: {},
  }
}

/** The answer of `navigator.credentials.get()` as JSON for the server. */
export function assertionToJSON(credential: PublicKeyCredential): AssertionJSON {
  const response = credential.response as AuthenticatorAssertionResponse
  return {
    id: credential.id,
    rawId: bufferToBase64url(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: bufferToBase64url(response.authenticatorData),
      clientDataJSON: bufferToBase64url(response.clientDataJSON),
      signature: bufferToBase64url(response.signature),
      userHandle: response.userHandle ? bufferToBase64url(response.userHandle) : null,
    },
    extensions: {},
  }
}

// ---- the browser's prompts ------------------------------------------------------------

/** Whether this browser can use passkeys at all (the server may still have them off). */
export function passkeysSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    typeof window.PublicKeyCredential === 'function' &&
    typeof navigator !== 'undefined' &&
    typeof navigator.credentials?.create === 'function'
  )
}

/**
 * The person closed the browser's passkey prompt, or it timed out (WebAuthn
 * does not say which, on purpose): nothing to report as an error.
 */
export function isPasskeyCancelled(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name
  return name === 'NotAllowedError' || name === 'AbortError'
}

/** What to say when the browser refused a passkey prompt for another reason. */
export function passkeyErrorMessage(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name
  switch (name) {
    case 'InvalidStateError':
      return t('auth.passkey.alreadyAdded')
    case 'SecurityError':
      return t('auth.passkey.notAllowedHere')
    case 'NotSupportedError':
      return t('auth.passkey.noneOnDevice')
    default:
      return e instanceof Error && e.message ? e.message : t('auth.passkey.promptFailed')
  }
}

/** Makes a new passkey with the server's creation options; its JSON for the server. */
export async function createPasskey(options: JsonObject): Promise<RegistrationJSON> {
  const credential = await navigator.credentials.create(creationOptionsFromJSON(options))
  if (!credential) throw new DOMException('No passkey was made.', 'NotAllowedError')
  return registrationToJSON(credential as PublicKeyCredential)
}

/** Asks for a passkey with the server's request options; the assertion's JSON for the server. */
export async function getPasskey(options: JsonObject, signal?: AbortSignal): Promise<AssertionJSON> {
  const credential = await navigator.credentials.get({ ...requestOptionsFromJSON(options), signal })
  if (!credential) throw new DOMException('No passkey was chosen.', 'NotAllowedError')
  return assertionToJSON(credential as PublicKeyCredential)
}

/** A name for a new passkey from the browser and OS ("Chrome on Windows"), for the name field. */
export function defaultPasskeyName(userAgent: string = typeof navigator !== 'undefined' ? navigator.userAgent : ''): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : null
  const os = /iPhone|iPad|iPod/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Mac OS X|Macintosh/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : null
  // Browser and system names are names: only the words around them are translated.
  if (browser && os) return t('auth.passkey.defaultName', { browser, system: os })
  return browser ?? os ?? t('auth.passkey.fallbackName')
}
