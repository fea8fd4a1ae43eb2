/** CLI: runs the simulator as its own process, configured by SIM_PORT, NS_CLIENT_ID, NS_CLIENT_SECRET, SIM_TOKEN_LIFETIME_SECONDS, SIM_CROWD_USERS. */
import { DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS, DEFAULT_PORT, DEMO_USERS, MAX_CROWD_USERS, startSimulator } from './index';

/** A non-negative integer from the environment, or the fallback when unset. */
function integerFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer from 0 to ${max}`);
  }
  return value;
}

function requiredFromEnv(name: string): string {
  const value = process.env[name];
  // Only the variable's name is ever printed, never its value.
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const simulator = await startSimulator({
    port: integerFromEnv('SIM_PORT', DEFAULT_PORT, 65_535),
    clientId: requiredFromEnv('NS_CLIENT_ID'),
    clientSecret: requiredFromEnv('NS_CLIENT_SECRET'),
    accessTokenLifetimeSeconds: integerFromEnv('SIM_TOKEN_LIFETIME_SECONDS', DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS, 365 * 24 * 3600),
    crowdUsers: integerFromEnv('SIM_CROWD_USERS', 0, MAX_CROWD_USERS),
  });
  const users = Object.values(DEMO_USERS)
    .map((user) => user.username)
    .join(', ');
  console.log(`NetSapiens simulator listening on ${simulator.apiBase} (demo users: ${users})`);
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`NetSapiens simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
