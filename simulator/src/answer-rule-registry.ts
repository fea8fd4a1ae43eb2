/** The demo users' answer rules (one Answerrule per timeframe), as `GET .../answerrules` serves them; the active one is changed by the controls. */
import * as z from 'zod/mini';
import type { DemoUser } from './demo-users';

/**
 * What a test sets on a user's active answer rule (the timeframe `*`). Unset fields keep their value; null turns a
 * feature off. `forwardAlways` is the target as the PBX names it (`18005551234`, `vmail_1001`, `user_1002`);
 * `simultaneousRing` lists numbers (or `<OwnDevices>`) that ring with the user's phones.
 */
export interface AnswerRuleSetting {
  dnd?: boolean;
  forwardAlways?: string | null;
  simultaneousRing?: string[] | null;
}

/** An AnswerRuleSetting as the /_sim/ controls take it. */
export const AnswerRuleSettingSchema = z.strictObject({
  dnd: z.optional(z.boolean()),
  forwardAlways: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
  simultaneousRing: z.optional(
    z.nullable(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(10))),
  ),
}) satisfies z.ZodMiniType<AnswerRuleSetting>;

/** A user's active rule as the simulator keeps it. */
export interface ActiveRule {
  dnd: boolean;
  forwardAlways: string | null;
  simultaneousRing: readonly string[] | null;
}

const NO_FEATURES: ActiveRule = { dnd: false, forwardAlways: null, simultaneousRing: null };

/** The simultaneous-ring parameter that means "the user's own phones" (the description's example). */
export const OWN_DEVICES = '<OwnDevices>';

export class AnswerRuleRegistry {
  /** Per simulator, by uid; a user not set has NO_FEATURES. */
  private readonly active = new Map<string, ActiveRule>();

  constructor(private readonly users: readonly DemoUser[]) {}

  rule(user: DemoUser): ActiveRule {
    return this.active.get(user.uid) ?? NO_FEATURES;
  }

  /** Throws RangeError for a uid no user has. */
  set(uid: string, setting: AnswerRuleSetting): void {
    const user = this.users.find((candidate) => candidate.uid.toLowerCase() === uid.toLowerCase());
    if (user === undefined) throw new RangeError(`No user ${uid}`);
    const defined = Object.fromEntries(Object.entries(setting).filter(([, value]) => value !== undefined));
    this.active.set(user.uid, { ...this.rule(user), ...defined });
  }

  /** Every user back to no features. */
  reset(): void {
    this.active.clear();
  }
}

function feature(enabled: boolean, parameters: readonly string[] = []) {
  return { enabled: enabled ? 'yes' : 'no', parameters: enabled ? [...parameters] : [] };
}

/**
 * The user's Answerrule list: the default timeframe `*`, active, with the features set; and an inactive
 * "Lunch" timeframe with do-not-disturb on, so a client must read `is-active` rather than take the first rule or
 * any rule with do-not-disturb.
 */
export function answerRuleBodies(user: DemoUser, rule: ActiveRule) {
  const base = { domain: user.domain, user: user.user, enabled: 'yes' };
  const off = {
    'forward-on-active': feature(false),
    'forward-on-busy': feature(false),
    'forward-no-answer': feature(false),
    'forward-when-unregistered': feature(false),
    'forward-on-dnd': feature(false),
    'call-screening': { enabled: 'no' },
  };
  return [
    {
      ...base,
      'time-frame': 'Lunch',
      'is-active': false,
      order: 1,
      ...off,
      'do-not-disturb': { enabled: 'yes' },
      'forward-always': feature(false),
      'simultaneous-ring': feature(false),
    },
    {
      ...base,
      'time-frame': '*',
      'is-active': true,
      order: 99,
      ...off,
      'do-not-disturb': { enabled: rule.dnd ? 'yes' : 'no' },
      'forward-always': feature(rule.forwardAlways !== null, rule.forwardAlways === null ? [] : [rule.forwardAlways]),
      'simultaneous-ring': feature(rule.simultaneousRing !== null, rule.simultaneousRing ?? []),
    },
  ];
}
