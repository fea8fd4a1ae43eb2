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
}
