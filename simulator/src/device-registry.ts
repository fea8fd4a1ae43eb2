/** Which demo devices are registered (online) right now: seeded from the simulator's users, changed by the controls. */
import type { DemoUser } from './demo-users';

export class DeviceRegistry {
  /** Per simulator, so one test's change does not leak into another simulator. */
  private readonly registered: Map<string, boolean>;

  constructor(users: readonly DemoUser[]) {
    this.registered = new Map(users.flatMap((user) => user.devices.map((device) => [device.device, device.registered] as const)));
  }

  isRegistered(device: string): boolean {
    return this.registered.get(device) ?? false;
  }

  /** Throws RangeError for a device no demo user has. */
  set(device: string, registered: boolean): void {
    if (!this.registered.has(device)) throw new RangeError(`No demo device ${device}`);
    this.registered.set(device, registered);
  }

  /**
   * Whether the first leg of a call can ring: `call-orig-user` blank, the user's own name or uid rings every phone
   * of the user (at least one must be registered); one of the user's devices must be registered itself; anything
   * else is taken for a phone number, which the PBX can always try.
   */
  canRing(user: DemoUser, origination: string): boolean {
    const wanted = origination.trim().toLowerCase();
    if (wanted === '' || wanted === user.user || wanted === user.uid.toLowerCase()) {
      return user.devices.some((device) => this.isRegistered(device.device));
    }
    const device = user.devices.find((candidate) => candidate.device.toLowerCase() === wanted);
    return device === undefined ? true : this.isRegistered(device.device);
  }
}
