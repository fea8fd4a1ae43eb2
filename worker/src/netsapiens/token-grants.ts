/** POST /tokens: the password, mfa and refresh_token grants, interpreted into what the session layer needs. */
import { err, ok, type Result, type SessionUser } from '@voipcom/shared';
import type { Config } from '../config';
import { failed } from '../http/failure';
import { pbxRequest, unexpectedAnswer } from './pbx-request';
import { AccessTokenSchema, type AccessToken } from './pbx-schemas';

/** Tokens of a completed sign-in or refresh. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch seconds. */
  accessExpiresAt: number;
  user: SessionUser;
}

/** The second step a password grant asks for, with what the mfa grant must send back. */
export interface MfaChallenge {
  reason: 'mfa_required';
  mfaToken: string;
  mfaType: string;
  mfaVendor: string;
}

/** Why no tokens were issued: the PBX refused the credentials, passcode or refresh token, or asks for a passcode. */
export type GrantRefusal = { reason: 'refused' } | MfaChallenge;

/** Tokens, or why not; a PBX that fails or cannot be read throws Failed (the caller cannot decide anything then). */
export type GrantOutcome = Result<IssuedTokens, GrantRefusal>;

type Grant =
  | { grant_type: 'password'; username: string; password: string }
  | {
      grant_type: 'mfa';
      username: string;
      password: string;
      passcode: string;
      access_token: string;
      mfa_type: string;
      mfa_vendor: string;
      ns_id_type: 'subscriber';
    }
  | { grant_type: 'refresh_token'; refresh_token: string };

export function passwordGrant(config: Config, username: string, password: string): Promise<GrantOutcome> {
  return requestTokens(config, { grant_type: 'password', username, password });
}

export function mfaGrant(
  config: Config,
  credentials: { username: string; password: string; passcode: string },
  challenge: { mfaToken: string; mfaType: string; mfaVendor: string },
): Promise<GrantOutcome> {
  return requestTokens(config, {
    grant_type: 'mfa',
    ...credentials,
    access_token: challenge.mfaToken,
    mfa_type: challenge.mfaType,
    mfa_vendor: challenge.mfaVendor,
    ns_id_type: 'subscriber',
  });
}

export function refreshGrant(config: Config, refreshToken: string): Promise<GrantOutcome> {
  return requestTokens(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Statuses with which NetSapiens refuses a grant (wrong password, unknown user, bad passcode or refresh token). */
const REFUSED_STATUSES = new Set([400, 401, 403, 404]);

async function requestTokens(config: Config, grant: Grant): Promise<GrantOutcome> {
  const answer = await pbxRequest(config, {
    method: 'POST',
    path: '/tokens',
    body: { ...grant, client_id: config.nsClientId, client_secret: config.nsClientSecret },
  });
  if (REFUSED_STATUSES.has(answer.status)) return err({ reason: 'refused' });
  if (answer.status !== 200 && answer.status !== 201) throw failed(unexpectedAnswer(answer.status));
  const parsed = AccessTokenSchema.safeParse(answer.json);
  if (!parsed.success) throw failed(unexpectedAnswer());
  return interpret(parsed.data);
}

function interpret(token: AccessToken): GrantOutcome {
  if (token.scope === 'mfa_required' || token.user_scope === 'mfa_required') {
    return err({
      reason: 'mfa_required',
      mfaToken: token.access_token,
      mfaType: token.mfa_type ?? 'authenticator',
      mfaVendor: token.mfa_vendor ?? 'google',
    });
  }
  // A full token without a refresh token could not be kept alive past its first hour.
  if (token.refresh_token === undefined || token.refresh_token === '') throw failed(unexpectedAnswer());
  return ok({
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessExpiresAt: Math.floor(Date.now() / 1000) + token.expires_in,
    user: { uid: token.uid, user: token.user, domain: token.domain, displayName: token.displayName ?? '' },
  });
}
