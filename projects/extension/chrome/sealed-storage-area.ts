/**
 * storage.local for a browser that cannot hide it from content scripts (Firefox has no `setAccessLevel`): every
 * value is stored AES-GCM encrypted under a non-extractable key kept in the extension origin's IndexedDB, which
 * neither a content script nor a page can open. A content script that reads storage.local sees ciphertext only.
 */
import type { ExtensionStorageArea } from './chrome';

const DATABASE = 'click-to-dial-keys';
const STORE = 'keys';
const KEY_NAME = 'storage.local';
/** Marks a sealed value; anything else read back (never written by this area) counts as absent. */
const SEALED_VERSION = 1;

interface SealedValue {
  sealed: typeof SEALED_VERSION;
  iv: number[];
  data: number[];
}

function isSealedValue(value: unknown): value is SealedValue {
  const candidate = value as Partial<SealedValue> | null;
  return (
    typeof value === 'object' &&
    candidate !== null &&
    candidate.sealed === SEALED_VERSION &&
    Array.isArray(candidate.iv) &&
    Array.isArray(candidate.data)
  );
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

/** The one key, created on first use; `add` fails when another context created it first, and that one wins. */
async function loadKey(): Promise<CryptoKey> {
  const db = await openDatabase();
  try {
    const stored: unknown = await request(db.transaction(STORE).objectStore(STORE).get(KEY_NAME));
    if (stored instanceof CryptoKey) return stored;
    const created = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    try {
      await request(db.transaction(STORE, 'readwrite').objectStore(STORE).add(created, KEY_NAME));
      return created;
    } catch {
      const winner: unknown = await request(db.transaction(STORE).objectStore(STORE).get(KEY_NAME));
      if (winner instanceof CryptoKey) return winner;
      throw new Error('the storage key could not be kept');
    }
  } finally {
    db.close();
  }
}

/** `area` with every value sealed on the way in and opened on the way out. */
export function sealedStorageArea(area: chrome.storage.StorageArea): ExtensionStorageArea {
  let key: Promise<CryptoKey> | undefined;
  const keyOnce = (): Promise<CryptoKey> =>
    (key ??= loadKey().catch((error: unknown) => {
      key = undefined;
      throw error;
    }));

  const seal = async (value: unknown): Promise<SealedValue> => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(value));
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyOnce(), plain));
    return { sealed: SEALED_VERSION, iv: [...iv], data: [...data] };
  };
  /** The value, or undefined when it was not sealed here or does not open (a lost key: the user signs in again). */
  const open = async (value: unknown): Promise<unknown> => {
    if (!isSealedValue(value)) return undefined;
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(value.iv) },
        await keyOnce(),
        new Uint8Array(value.data),
      );
      return JSON.parse(new TextDecoder().decode(plain)) as unknown;
    } catch {
      return undefined;
    }
  };

  return {
    // Sealing is what TRUSTED_CONTEXTS gives on Chrome: there is nothing more to switch on.
    async setAccessLevel() {},
    /** As chrome.storage: no keys: everything; a key or keys: those; an object: its keys, its values as defaults. */
    async get(keys?: string | string[] | Record<string, unknown>) {
      const defaults: Record<string, unknown> = typeof keys === 'object' && !Array.isArray(keys) ? keys : {};
      const names = keys === undefined || typeof keys === 'string' || Array.isArray(keys) ? keys : Object.keys(keys);
      const raw: Record<string, unknown> = await area.get(names);
      const opened = await Promise.all(Object.entries(raw).map(async ([name, value]) => [name, await open(value)] as const));
      return { ...defaults, ...Object.fromEntries(opened.filter(([, value]) => value !== undefined)) };
    },
    async set(items: Record<string, unknown>) {
      const sealed = await Promise.all(Object.entries(items).map(async ([name, value]) => [name, await seal(value)] as const));
      await area.set(Object.fromEntries(sealed));
    },
    remove: (keys: string | string[]) => area.remove(keys),
  };
}
