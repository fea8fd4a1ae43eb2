/** Every call request the simulator accepted, each with its life, for the API to list and for tests to read and steer. */
import { randomBytes } from 'node:crypto';
import { CallLife, type CallEnd, type CallMoment, type CallPhase, type CallScript } from './call-life';
import type { DemoUser } from './demo-users';
import type { FirstLeg } from './first-leg';
import type { CallRequest } from './ns-schemas';

export interface RecordedCall {
  uid: string;
  domain: string;
  user: string;
  request: CallRequest;
  /** ISO 8601. */
  receivedAt: string;
  /** Where the call is now. */
  phase: CallPhase;
  /** Why it ended; null while it is live. */
  end: CallEnd | null;
  /** What the first leg rang (device ids, numbers, a forward target as the PBX names it); empty when nothing could ring. */
  firstLeg: string[];
}

/** The ids the PBX gives a call itself, in the shapes of the description's example. */
export interface PbxCallIds {
  session: string;
  orig: string;
  term: string;
}

/** A live call as the active-calls answers describe it. */
export interface ListedCall {
  user: DemoUser;
  request: CallRequest;
  /** Epoch ms. */
  receivedAt: number;
  pbxIds: PbxCallIds;
  listing: CallLife['listing'];
  moment: CallMoment;
}

interface CallEntry {
  user: DemoUser;
  request: CallRequest;
  receivedAt: number;
  pbxIds: PbxCallIds;
  life: CallLife;
  firstLeg: FirstLeg;
}

export class CallLog {
  private entries: CallEntry[] = [];
  private nextScript: CallScript | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** A first leg that rings nothing (`firstLeg.end` set) ends the call at once, without it being listed. */
  record(user: DemoUser, request: CallRequest, firstLeg: FirstLeg): ListedCall {
    const receivedAt = this.now();
    const entry: CallEntry = {
      user,
      request,
      receivedAt,
      pbxIds: newPbxIds(receivedAt),
      life: new CallLife(this.nextScript ?? {}, receivedAt, firstLeg.end),
      firstLeg,
    };
    this.nextScript = null;
    this.entries.push(entry);
    return listed(entry, { phase: 'ringing-you', end: null, answeredAt: null });
  }

  /** The script of the next accepted call (whoever places it); null: the defaults again. */
  controlNext(script: CallScript | null): void {
    this.nextScript = script;
  }

  /** Changes the script of the latest call placed with this `call-id`; RangeError when there is none. */
  control(callId: string, script: CallScript): void {
    const entry = [...this.entries].reverse().find((candidate) => candidate.request['call-id'] === callId);
    if (entry === undefined) throw new RangeError(`No call with call-id ${callId}`);
    entry.life.control(script, this.now());
  }

  /** Deep copies, so a test cannot alter what later assertions see. */
  all(): RecordedCall[] {
    const now = this.now();
    return this.entries.map((entry) => {
      const { phase, end } = entry.life.at(now);
      return {
        uid: entry.user.uid,
        domain: entry.user.domain,
        user: entry.user.user,
        request: structuredClone(entry.request),
        receivedAt: new Date(entry.receivedAt).toISOString(),
        phase,
        end,
        firstLeg: [...entry.firstLeg.rings],
      };
    });
  }

  /** The user's calls that have not ended, oldest first. */
  live(user: DemoUser): ListedCall[] {
    const now = this.now();
    return this.entries
      .filter((entry) => entry.user.uid === user.uid)
      .map((entry) => listed(entry, entry.life.at(now)))
      .filter((call) => call.moment.phase !== 'ended');
  }

  /** The user's live call that `/calls/{callid}` names: the id is its `call-orig-call-id`. */
  findLive(user: DemoUser, callId: string): ListedCall | undefined {
    return this.live(user).find((call) => listedOrigCallId(call) === callId);
  }

  /** Ends the user's live call named by its `call-orig-call-id`; false when there is none. */
  disconnect(user: DemoUser, callId: string): boolean {
    const now = this.now();
    const entry = this.entries.find(
      (candidate) => candidate.user.uid === user.uid && listedOrigCallId(listed(candidate, candidate.life.at(now))) === callId,
    );
    return entry?.life.disconnect(now) ?? false;
  }

  /** Forgets every call and the script set for the next one. */
  clear(): void {
    this.entries = [];
    this.nextScript = null;
  }
}

/** The id a listing shows as `call-orig-call-id`: ours when the PBX keeps it, else the PBX's own. */
export function listedOrigCallId(call: ListedCall): string {
  return call.listing.ids === 'ours' ? call.request['call-id'] : call.pbxIds.orig;
}

function listed(entry: CallEntry, moment: CallMoment): ListedCall {
  const { user, request, receivedAt, pbxIds, life } = entry;
  return { user, request, receivedAt, pbxIds, listing: life.listing, moment };
}

/** Digits of the time plus a counter, and a hex tail, as in the example's "20230719183258018753-6cc0…". */
function newPbxIds(receivedAt: number): PbxCallIds {
  const stamp = new Date(receivedAt).toISOString().replace(/\D/g, '').slice(0, 14);
  const serial = () => `${stamp}${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0').slice(-6)}`;
  return {
    session: serial(),
    orig: `${serial()}-${randomBytes(16).toString('hex')}`,
    term: `${serial()}-${randomBytes(16).toString('hex')}`,
  };
}
