/** Keys made from a keyring's raw bytes, kept for the isolate's lifetime by kid and bytes (a rotated secret never reuses a stale key). */
import { toBase64Url } from './encoding';

export class KeyCache<K> {
  private readonly keys = new Map<string, Promise<K>>();

  constructor(private readonly make: (raw: Uint8Array<ArrayBuffer>) => Promise<K>) {}

  get(kid: string, raw: Uint8Array<ArrayBuffer>): Promise<K> {
    // The bytes are part of the name: the same kid given new bytes (a mistaken rotation) makes a new key.
    const name = `${kid}:${toBase64Url(raw)}`;
    let key = this.keys.get(name);
    if (key === undefined) {
      key = this.make(raw);
      this.keys.set(name, key);
    }
    return key;
  }
}
