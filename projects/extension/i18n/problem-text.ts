/** The extension's own text for each problem, by code (and detail): never the Worker's or the background's words. */
import type { MessageError, NumberRefusal } from '@voipcom/shared';
import type { Catalogue, MessageKey } from './catalogue';

/** Codes a user can do nothing specific about: one general text (a type, so it costs the bundles nothing). */
type GenericCode =
  | 'invalid_request'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error'
  | 'admin_not_configured'
  | 'service_unavailable';

/** One text per code; a code added to the contract does not compile until it has one here or is a GenericCode. */
const BY_CODE: Record<Exclude<MessageError['code'], GenericCode>, MessageKey> = {
  offline: 'problemOffline',
  worker_unreachable: 'problemUnreachable',
  rate_limited: 'problemRateLimited',
  session_expired: 'problemSessionExpired',
  invalid_credentials: 'problemInvalidCredentials',
  mfa_required: 'problemMfaRequired',
  unauthorized: 'problemNotSignedIn',
  invalid_number: 'problemInvalidNumber',
  number_not_allowed: 'problemNumberNotAllowed',
  no_number: 'problemNoNumber',
  upstream_error: 'problemUpstream',
  upstream_timeout: 'problemUpstream',
  forbidden_sender: 'problemForbiddenSender',
  confirmation_expired: 'problemConfirmationExpired',
  call_not_found: 'problemCallNotFound',
};

/** The extension's own cases that share a code with others. */
const BY_DETAIL: Record<NonNullable<MessageError['detail']>, MessageKey> = {
  paused_here: 'problemPausedHere',
  site_off: 'problemSiteOff',
  no_background: 'problemNoBackground',
  bad_answer: 'problemBadAnswer',
};

export function problemText(texts: Catalogue, error: MessageError): string {
  if (error.detail !== undefined) return texts.text(BY_DETAIL[error.detail]);
  if (error.refusal !== undefined) return refusalText(texts, error.refusal);
  if (error.code === 'rate_limited' && error.retryAfter !== undefined) {
    return texts.text('problemRateLimitedWait', waitText(texts.locale, error.retryAfter));
  }
  return texts.text((BY_CODE as Partial<Record<MessageError['code'], MessageKey>>)[error.code] ?? 'problemGeneric');
}

/** "1 second", "30 seconds", "2 minutes" in the page's language (Intl picks the plural form). */
function waitText(locale: string, seconds: number): string {
  const [value, unit] = seconds < 60 ? [seconds, 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** Which of the destination rules refused the number: the organisation's (country, class, do-not-call) or the service's. */
function refusalText(texts: Catalogue, refusal: NumberRefusal): string {
  switch (refusal.code) {
    case 'country_not_allowed':
      return refusal.country ? texts.text('refusedCountry', texts.country(refusal.country)) : texts.text('refusedNoCountry');
    case 'class_not_allowed':
      return texts.text(refusal.by === 'organisation' ? 'refusedClass' : 'problemNumberNotAllowed');
    case 'do_not_call':
      return texts.text('refusedDoNotCall');
  }
}
