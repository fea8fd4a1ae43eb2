/** The simulator's table of issued access and refresh tokens: lifetimes, MFA-only tokens, refresh rotation, forced expiry and revocation. */
import { randomBytes } from 'node:crypto';
import type { DemoUser } from './demo-users';

/** `full` tokens reach the API; `mfa` tokens (user_scope mfa_required) only complete the mfa grant. */
export type TokenKind = 'full' | 'mfa';

export interface AccessGrant {
  readonly user: DemoUser;
  readonly kind: TokenKind;
  expiresAtMs: number;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** 32 hex characters, the shape of NetSapiens' OAuth tokens. */
function newToken(): string {
  return randomBytes(16).toString('hex');
}

export class TokenRegistry {
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, DemoUser>();

  constructor(
    readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issueFull(user: DemoUser): IssuedTokens {
    const refreshToken = newToken();
    this.refresh.set(refreshToken, user);
    return { accessToken: this.issueAccess(user, 'full'), refreshToken };
  }

  issueMfa(user: DemoUser): string {
    return this.issueAccess(user, 'mfa');
  }

  /** The grant behind a live access token; undefined when unknown or expired. */
  lookup(accessToken: string): AccessGrant | undefined {
    const grant = this.access.get(accessToken);
    if (grant === undefined) return undefined;
    // `>=` so that a lifetime of 0 gives tokens that are expired at once, for tests without waiting.
    if (this.now() >= grant.expiresAtMs) {
      this.access.delete(accessToken);
      return undefined;
    }
    return grant;
  }

  /** Spends an MFA token once sign-in completes, so it cannot be replayed. */
  forget(accessToken: string): void {
    this.access.delete(accessToken);
  }

  /** Rotates a refresh token: the old one stops working and a new pair is issued. */
  rotate(refreshToken: string): (IssuedTokens & { readonly user: DemoUser }) | undefined {
    const user = this.refresh.get(refreshToken);
    if (user === undefined) return undefined;
    this.refresh.delete(refreshToken);
    return { user, ...this.issueFull(user) };
  }

  expireAllAccessTokens(): void {
    for (const grant of this.access.values()) grant.expiresAtMs = Number.NEGATIVE_INFINITY;
  }

  revokeAllRefreshTokens(): void {
    this.refresh.clear();
  }

  private issueAccess(user: DemoUser, kind: TokenKind): string {
    const token = newToken();
    this.access.set(token, { user, kind, expiresAtMs: this.now() + this.lifetimeSeconds * 1000 });
    return token;
  }
}
