/** SHA-256 of the lower-cased uid: names an account in the session index, the account dial limiter and purge logs. */
import { sha256Hex } from '../crypto/encoding';

/** Lower-cased as the session index does it (uids are case-insensitive), so all three agree on one account. */
export function accountKeyHash(uid: string): Promise<string> {
  return sha256Hex(uid.toLowerCase());
}
