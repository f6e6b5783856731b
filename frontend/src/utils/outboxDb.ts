/**
 * Where the outbox (stores/outbox.ts) keeps messages not sent yet: IndexedDB,
 * so they outlive a reload, a crash and a browser restart, files included
 * (IndexedDB stores Blobs as they are). One record per message, keyed by its
 * nonce, found by its user.
 *
 * Without IndexedDB (some private modes, a failed open) the records live in
 * memory for as long as the page: sends still queue and retry, only a reload
 * forgets them; `durable` says which it is.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

import type { OutboxRecord } from '@/stores/outbox'

const DB_NAME = 'confab-outbox'
const DB_VERSION = 1

interface OutboxSchema extends DBSchema {
  messages: {
    key: string
    value: OutboxRecord
    indexes: { byUser: string }
  }
}

export interface OutboxStorage {
  /** True when records survive a reload (IndexedDB), false when they are in memory only. */
  readonly durable: boolean
  /** One user's records, oldest first (by `seq`). */
  list(userId: string): Promise<OutboxRecord[]>
  get(nonce: string): Promise<OutboxRecord | undefined>
  /** Adds a record or replaces the one with its nonce. */
  put(record: OutboxRecord): Promise<void>
  remove(nonce: string): Promise<void>
  /** Forgets all of one user's records (logout). */
  clearUser(userId: string): Promise<void>
}

const oldestFirst = (a: OutboxRecord, b: OutboxRecord) => a.seq - b.seq

/** Each call goes through `openDatabase`: a connection closed meanwhile (another tab upgrading) is reopened. */
function indexedDbStorage(): OutboxStorage {
  return {
    durable: true,
    list: async (userId) => (await (await openDatabase()).getAllFromIndex('messages', 'byUser', userId)).sort(oldestFirst),
    get: async (nonce) => (await openDatabase()).get('messages', nonce),
    put: async (record) => void (await (await openDatabase()).put('messages', record)),
    remove: async (nonce) => (await openDatabase()).delete('messages', nonce),
    async clearUser(userId) {
      const tx = (await openDatabase()).transaction('messages', 'readwrite')
      for (const nonce of await tx.store.index('byUser').getAllKeys(userId)) await tx.store.delete(nonce)
      await tx.done
    },
  }
}

function memoryStorage(): OutboxStorage {
  const records = new Map<string, OutboxRecord>()
  return {
    durable: false,
    list: async (userId) => [...records.values()].filter((r) => r.user_id === userId).sort(oldestFirst),
    get: async (nonce) => records.get(nonce),
    put: async (record) => void records.set(record.nonce, record),
    remove: async (nonce) => void records.delete(nonce),
    async clearUser(userId) {
      for (const r of [...records.values()]) if (r.user_id === userId) records.delete(r.nonce)
    },
  }
}

/** The open database, shared by everything in this tab; null after it was closed (reopened on next use). */
let opening: Promise<IDBPDatabase<OutboxSchema>> | null = null

function openDatabase(): Promise<IDBPDatabase<OutboxSchema>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available'))
  opening ??= openDB<OutboxSchema>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      const messages = db.createObjectStore('messages', { keyPath: 'nonce' })
      messages.createIndex('byUser', 'user_id')
    },
    // A newer version of the app wants to upgrade the database (another tab):
    // let it, and open the new one at the next use.
    blocking(_current, _next, event) {
      ;(event.target as IDBDatabase).close()
      opening = null
    },
    terminated() {
      opening = null
    },
  }).catch((e: unknown) => {
    opening = null
    throw e
  })
  return opening
}

/**
 * The outbox's storage: IndexedDB when it opens, else a fresh in-memory one
 * (each caller gets its own then: memory is one page's, like the store that
 * asks for it).
 */
export async function openOutboxStorage(): Promise<OutboxStorage> {
  try {
    await openDatabase()
    return indexedDbStorage()
  } catch {
    return memoryStorage()
  }
}

/** Forgets a user's unsent messages on this device (they logged out). */
export async function clearOutboxOf(userId: string): Promise<void> {
  try {
    await (await openOutboxStorage()).clearUser(userId)
  } catch {
    // Left behind, they are still only ever shown to and sent by their own user.
  }
}
