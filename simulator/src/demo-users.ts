/** The seeded demo accounts of the simulated PBX (one plain user and one with MFA, in domain `voipcom-demo`, each with an online and an offline phone), and crowd accounts for load runs. */

export const DEMO_DOMAIN = 'voipcom-demo';

export interface DemoDevice {
  /** The NetSapiens `device` id (the user part of its SIP registration URI). */
  readonly device: string;
  /** What kind of phone it is, for people reading tests; NetSapiens has no such field. */
  readonly kind: 'desk phone' | 'softphone' | 'mobile';
  /** Served as `device-models-model`. */
  readonly model: string;
  /** Served as `device-sip-registration-user-agent`. */
  readonly userAgent: string;
  /** Registered with the PBX when the simulator starts (`device-sip-registration-state`); can ring. */
  readonly registered: boolean;
}

export interface DemoUser {
  /** What the user types as username: the uid `user@domain`. */
  readonly username: string;
  readonly uid: string;
  readonly user: string;
  readonly domain: string;
  readonly password: string;
  /** The authenticator passcode; null for a user without MFA. */
  readonly mfaPasscode: string | null;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly callerIdNumber: string;
  readonly devices: readonly DemoDevice[];
}

export const DEMO_USERS = {
  avery: {
    username: `1001@${DEMO_DOMAIN}`,
    uid: `1001@${DEMO_DOMAIN}`,
    user: '1001',
    domain: DEMO_DOMAIN,
    password: 'ClickToDial-demo1',
    mfaPasscode: null,
    displayName: 'Avery Demo',
    firstName: 'Avery',
    lastName: 'Demo',
    email: 'avery.demo@example.com',
    callerIdNumber: '14805551001',
    devices: [
      { device: '1001a', kind: 'desk phone', model: 'Yealink T54W', userAgent: 'Yealink SIP-T54W 96.86.0.100', registered: true },
      { device: '1001b', kind: 'softphone', model: 'SNAPmobile Web', userAgent: 'SnapMobile Web 44.0.2', registered: true },
      { device: '1001c', kind: 'mobile', model: 'SNAPmobile iOS', userAgent: 'SNAPmobile iOS 2.4.1', registered: false },
    ],
  },
  blake: {
    username: `1002@${DEMO_DOMAIN}`,
    uid: `1002@${DEMO_DOMAIN}`,
    user: '1002',
    domain: DEMO_DOMAIN,
    password: 'ClickToDial-demo2',
    mfaPasscode: '246810',
    displayName: 'Blake Demo',
    firstName: 'Blake',
    lastName: 'Demo',
    email: 'blake.demo@example.com',
    callerIdNumber: '14805551002',
    devices: [
      { device: '1002a', kind: 'desk phone', model: 'Poly VVX 450', userAgent: 'PolycomVVX-VVX_450-UA/6.4.3.5018', registered: true },
      { device: '1002b', kind: 'softphone', model: 'SNAPmobile Web', userAgent: 'SnapMobile Web 44.0.2', registered: false },
    ],
  },
} as const satisfies Record<string, DemoUser>;

export const CROWD_DOMAIN = 'voipcom-crowd';
/** Crowd users are numbered from here, so their ids never collide with the demo users' 1001 and 1002. */
const CROWD_FIRST_USER = 20_000;
export const MAX_CROWD_USERS = 10_000;

/**
 * `count` extra accounts for load runs: `20000@voipcom-crowd` with password `Crowd-20000`, and so on, no MFA, one
 * registered desk phone each. Separate accounts, because the Worker limits dials and sign-ins per account.
 */
export function crowdUsers(count: number): DemoUser[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_CROWD_USERS) {
    throw new RangeError(`crowdUsers must be an integer from 0 to ${MAX_CROWD_USERS}`);
  }
  return Array.from({ length: count }, (_, index) => {
    const user = String(CROWD_FIRST_USER + index);
    return {
      username: `${user}@${CROWD_DOMAIN}`,
      uid: `${user}@${CROWD_DOMAIN}`,
      user,
      domain: CROWD_DOMAIN,
      password: `Crowd-${user}`,
      mfaPasscode: null,
      displayName: `Crowd ${user}`,
      firstName: 'Crowd',
      lastName: user,
      email: `crowd.${user}@example.com`,
      callerIdNumber: `1480${user.padStart(7, '0')}`,
      devices: [
        { device: `${user}a`, kind: 'desk phone', model: 'Yealink T54W', userAgent: 'Yealink SIP-T54W 96.86.0.100', registered: true },
      ],
    };
  });
}

/** Finds a user among `users` by the username typed at sign-in (case-insensitive, as uids are). */
export function findDemoUser(users: readonly DemoUser[], username: string): DemoUser | undefined {
  const wanted = username.toLowerCase();
  return users.find((candidate) => candidate.username.toLowerCase() === wanted);
}
