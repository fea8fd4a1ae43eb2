/** The record of every call request the simulator accepted, for tests to read. */
import type { DemoUser } from './demo-users';
import type { CallRequest } from './ns-schemas';

export interface RecordedCall {
  uid: string;
  domain: string;
  user: string;
  request: CallRequest;
  /** ISO 8601. */
  receivedAt: string;
}

export class CallLog {
  private entries: RecordedCall[] = [];

  record(user: DemoUser, request: CallRequest): RecordedCall {
    const entry: RecordedCall = {
      uid: user.uid,
      domain: user.domain,
      user: user.user,
      request,
      receivedAt: new Date().toISOString(),
    };
    this.entries.push(entry);
    return entry;
  }

  /** Deep copies, so a test cannot alter what later assertions see. */
  all(): RecordedCall[] {
    return structuredClone(this.entries);
  }

  forUser(user: DemoUser): RecordedCall[] {
    return this.all().filter((entry) => entry.uid === user.uid);
  }

  clear(): void {
    this.entries = [];
  }
}
