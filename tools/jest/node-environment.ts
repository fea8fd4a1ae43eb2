/** Jest's node environment with the host realm's Error, so wrangler/miniflare `instanceof Error` checks hold. */
import NodeEnvironment from 'jest-environment-node';

export default class HostRealmNodeEnvironment extends NodeEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    this.global.Error = Error;
  }
}
