/** Response bodies in the shapes of the spec's AccessToken, User, Device and ActiveCall schemas. */
import type { RecordedCall } from './call-log';
import type { DemoUser } from './demo-users';
import type { IssuedTokens } from './token-store';

const TERRITORY = 'voipcom';
const API_VERSION = '44.1.0';
const CORE_SERVER = 'core1-sim.voipcom.network';

function tokenIdentity(user: DemoUser, clientId: string, expiresIn: number) {
  return {
    username: user.username,
    user: user.user,
    territory: TERRITORY,
    domain: user.domain,
    department: '',
    uid: user.uid,
    login: user.username,
    user_email: user.email,
    displayName: user.displayName,
    expires_in: expiresIn,
    token_type: 'Bearer',
    client_id: clientId,
    apiversion: API_VERSION,
  };
}

/** A completed sign-in. */
export function accessTokenBody(user: DemoUser, tokens: IssuedTokens, clientId: string, expiresIn: number) {
  return {
    ...tokenIdentity(user, clientId, expiresIn),
    scope: 'Basic User',
    user_scope: 'Basic User',
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
  };
}

/** The first answer for an MFA user: its access_token only serves the mfa grant, and there is no refresh token. */
export function mfaRequiredBody(user: DemoUser, accessToken: string, clientId: string, expiresIn: number) {
  return {
    ...tokenIdentity(user, clientId, expiresIn),
    scope: 'mfa_required',
    user_scope: 'mfa_required',
    mfa_type: 'authenticator',
    mfa_vendor: 'google',
    access_token: accessToken,
    refresh_token: '',
  };
}

export function userBody(user: DemoUser) {
  return {
    domain: user.domain,
    user: user.user,
    'name-first-name': user.firstName,
    'name-last-name': user.lastName,
    'login-username': user.username,
    email: user.email,
    'user-scope': 'Basic User',
    department: '',
    site: '',
    'caller-id-number': user.callerIdNumber,
    'caller-id-name': user.displayName,
    'voicemail-enabled': 'yes',
    'account-status': 'standard',
  };
}

export function deviceBodies(user: DemoUser) {
  return user.devices.map((device) => ({
    device: device.device,
    user: user.user,
    domain: user.domain,
    'device-sip-registration-uri': `sip:${device.device}@${user.domain}`,
    'device-sip-registration-state': 'registered',
    // A made-up value, served because the real API returns one: clients must not pass it on.
    'device-sip-registration-password': `sim-${device.device}-not-a-secret`,
    'device-sip-registration-user-agent': device.userAgent,
    'device-sip-registration-core-server': CORE_SERVER,
    'device-models-model': device.model,
    'auto-answer-enabled': 'no',
    'login-username': user.username,
    'name-full-name': user.displayName,
  }));
}

/** A recorded call as a live call: the user's own leg (or the chosen device) rings first. */
export function activeCallBody(user: DemoUser, call: RecordedCall) {
  const callId = call.request['call-id'];
  const origination = call.request['call-orig-user'] || user.user;
  const destination = call.request['call-term-user'];
  const started = call.receivedAt.replace('T', ' ').slice(0, 19);
  return {
    'core-server': CORE_SERVER,
    'call-session-id': callId,
    'call-orig-call-id': callId,
    'call-orig-match-uri': `${user.user}@${user.domain}`,
    'call-orig-user': origination,
    'call-orig-domain': user.domain,
    'call-orig-uri': `sip:${origination}@${user.domain}`,
    'call-orig-name': user.displayName,
    'caller-id-number': call.request['caller-id-number'] ?? user.callerIdNumber,
    'call-dialed-number': destination,
    'call-by-action': 'CallRequest',
    'call-by-user': user.user,
    'call-by-domain': user.domain,
    'call-by-call-id': callId,
    'call-term-call-id': `${callId}-term`,
    'call-term-user': destination,
    'call-term-domain': '*',
    'call-term-uri': `sip:${destination}@${user.domain}`,
    'call-start-datetime': started,
    'call-answer-datetime': '',
    'call-orig-info': 'active',
    'term-orig-info': 'ringing',
    'call-audio-codec': 'PCMU',
  };
}
