/** The CLI (tsx simulator/src/main.ts): environment, its one line when listening, clean exit on SIGTERM/SIGINT. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { avery, json, passwordGrant, postJson } from './helpers';

const MAIN = join(__dirname, '..', 'src', 'main.ts');
const SECRET = 'cli-secret-value-9f3a';

function runCli(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [require.resolve('tsx/cli'), MAIN], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
}

/** Collects a stream's text until the process exits. */
function collect(stream: NodeJS.ReadableStream): { text: string } {
  const sink = { text: '' };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    sink.text += chunk;
  });
  return sink;
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}

const validEnv = { SIM_PORT: '0', NS_CLIENT_ID: 'cli-client', NS_CLIENT_SECRET: SECRET };

describe('CLI', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves the API, prints one line without secrets, exits 0 on %s', async (signal) => {
    const child = runCli({ ...validEnv, SIM_TOKEN_LIFETIME_SECONDS: '120' });
    const stderr = collect(child.stderr);
    const line = await firstLine(child);
    expect(line).toMatch(/^NetSapiens simulator listening on http:\/\/127\.0\.0\.1:\d+\/ns-api\/v2 /);
    expect(line).toContain(avery.username);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(avery.password);

    const apiBase = /(http:\S+)/.exec(line)?.[1] ?? '';
    const grant = passwordGrant(avery, { client_id: 'cli-client', client_secret: SECRET });
    const response = await postJson(`${apiBase}/tokens`, grant);
    expect(response.status).toBe(200);
    expect((await json(response))['expires_in']).toBe(120);

    const rest = collect(child.stdout);
    child.kill(signal);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(rest.text).toBe('');
    expect(stderr.text).toBe('');
  });

  it.each([
    ['NS_CLIENT_SECRET is missing', { ...validEnv, NS_CLIENT_SECRET: '' }, 'NS_CLIENT_SECRET is required'],
    ['NS_CLIENT_ID is missing', { SIM_PORT: '0', NS_CLIENT_SECRET: SECRET }, 'NS_CLIENT_ID is required'],
    ['SIM_PORT is not a port', { ...validEnv, SIM_PORT: '80a' }, 'SIM_PORT must be an integer'],
    ['the lifetime is negative', { ...validEnv, SIM_TOKEN_LIFETIME_SECONDS: '-5' }, 'SIM_TOKEN_LIFETIME_SECONDS must be'],
  ])('exits 1 with a message when %s', async (_case, env, message) => {
    const child = runCli(env);
    const stderr = collect(child.stderr);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr.text).toContain(message);
    expect(stderr.text).not.toContain(SECRET);
  });
});
