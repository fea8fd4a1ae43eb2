/** A local Cloudflare Access team domain: serves a JWKS at /cdn-cgi/access/certs and signs RS256 tokens for tests. */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from '../../../scripts/lib/loopback-server';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function newSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
  };
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** A compact JWS, signed RS256 with node:crypto (jose is ESM-only and stays in the Worker). */
export function signJwt(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header }));
  const body = b64url(JSON.stringify(claims));
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

export class AccessTeamFake {
  /** Keys published in the JWKS. */
  readonly published: SigningKey[];
  certRequests = 0;
  private server: Server | null = null;
  private port = 0;

  constructor(
    readonly audience: string,
    keys: SigningKey[] = [newSigningKey('access-key-1')],
  ) {
    this.published = keys;
  }

  /** The team domain, as ACCESS_TEAM_DOMAIN and as the tokens' `iss`. */
  get teamDomain(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Worker vars that put the admin routes behind this fake Access team (once started). */
  get vars(): { ACCESS_TEAM_DOMAIN: string; ACCESS_AUD: string } {
    return { ACCESS_TEAM_DOMAIN: this.teamDomain, ACCESS_AUD: this.audience };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.url !== '/cdn-cgi/access/certs') {
        res.writeHead(404).end();
        return;
      }
      this.certRequests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.published.map((key) => key.publicJwk) }));
    });
    this.port = await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await closeServer(server);
    this.server = null;
  }

  /** Claims as Access issues them for a signed-in staff member, valid for ten minutes. */
  claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      aud: [this.audience],
      email: 'support@voipcom.network',
      iss: this.teamDomain,
      sub: '7335d417-61da-459d-899c-0a01c76a2e94',
      type: 'app',
      iat: now,
      nbf: now,
      exp: now + 600,
      ...overrides,
    };
  }

  token(overrides: Record<string, unknown> = {}, key: SigningKey = this.published[0]): string {
    return signJwt(key, this.claims(overrides));
  }
}
