/** Response bodies in the shapes of the spec's AccessToken, User, Device and ActiveCall schemas (and its ActiveCall example). */
import { listedOrigCallId, type ListedCall } from './call-log';
import type { DeviceRegistry } from './device-registry';
import type { DemoUser } from './demo-users';
import type { IssuedTokens } from './token-registry';

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

export function deviceBodies(user: DemoUser, registry: DeviceRegistry) {
  return user.devices.map((device) => ({
    device: device.device,
    user: user.user,
    domain: user.domain,
    'device-sip-registration-uri': `sip:${device.device}@${user.domain}`,
    'device-sip-registration-state': registry.isRegistered(device.device) ? 'registered' : 'unregistered',
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

/** NetSapiens' datetime form, "2023-07-19 18:32:58"; the simulator's clock is UTC. */
export function pbxDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19);
}

/** Leg states as listed: a ringing leg is "alerting", an answered one "active" (the example's word), busy "busy", refused "declined". */
function legInfo(call: ListedCall): { orig: string; term: string } {
  switch (call.moment.phase) {
    case 'ringing-you':
      return { orig: 'alerting', term: '' };
    case 'ringing-them':
      return { orig: 'active', term: 'alerting' };
    case 'busy':
      return { orig: 'active', term: 'busy' };
    case 'declined':
      return { orig: 'active', term: 'declined' };
    default:
      return { orig: 'active', term: 'active' };
  }
}

/**
 * A live call as `GET .../calls` lists it: the user's own leg (or the chosen device) is the origination, the
 * number dialled the termination. `clockSkewMs` shifts the datetimes the PBX reports (its clock against the host's).
 */
export function activeCallBody(call: ListedCall, clockSkewMs: number) {
  const { user, request, pbxIds, listing, moment } = call;
  const ours = request['call-id'];
  const origCallId = listedOrigCallId(call);
  const byCallId = listing.ids === 'none' ? pbxIds.orig : ours;
  const origination = request['call-orig-user'] || user.user;
  const destination = request['call-term-user'];
  const started = pbxDateTime(call.receivedAt + clockSkewMs);
  const answered = moment.answeredAt === null ? '' : pbxDateTime(moment.answeredAt + clockSkewMs);
  const info = legInfo(call);
  const callerId = request['caller-id-number'] ?? user.callerIdNumber;
  if (listing.spelling === 'example') {
    // The field names of the description's own example (those of API v1), value for value.
    return {
      hostname: CORE_SERVER,
      session_id: pbxIds.session,
      orig_callid: origCallId,
      orig_match: `${user.user}@${user.domain}`,
      orig_user: origination,
      orig_domain: user.domain,
      orig_uri: `sip:${origination}@${user.domain}`,
      orig_name: user.displayName,
      ani: callerId,
      dnis: destination,
      by_action: 'CallRequest',
      by_user: user.user,
      by_domain: user.domain,
      by_callid: byCallId,
      term_callid: pbxIds.term,
      term_user: '',
      term_domain: '*',
      term_uri: `sip:${destination}@${user.domain}`,
      time_begin: started,
      time_answer: answered,
      orig_call_info: info.orig,
      term_call_info: info.term,
      media: 'PCMU',
    };
  }
  return {
    'core-server': CORE_SERVER,
    'call-session-id': pbxIds.session,
    'call-orig-call-id': origCallId,
    'call-orig-match-uri': `${user.user}@${user.domain}`,
    'call-orig-user': origination,
    'call-orig-domain': user.domain,
    'call-orig-uri': `sip:${origination}@${user.domain}`,
    'call-orig-name': user.displayName,
    'caller-id-number': callerId,
    'call-dialed-number': destination,
    'call-by-action': 'CallRequest',
    'call-by-user': user.user,
    'call-by-domain': user.domain,
    'call-by-call-id': byCallId,
    'call-term-call-id': pbxIds.term,
    'call-term-user': destination,
    'call-term-domain': '*',
    'call-term-uri': `sip:${destination}@${user.domain}`,
    'call-start-datetime': started,
    'call-answer-datetime': answered,
    'call-orig-info': info.orig,
    'term-orig-info': info.term,
    'call-audio-codec': 'PCMU',
  };
}
