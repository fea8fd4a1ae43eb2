/** Plain-language text for each problem the popup can meet. */
import type { MessageError } from '@voipcom/shared';

export function problemText(error: MessageError): string {
  switch (error.code) {
    case 'offline':
      return 'You’re offline. Connect to the internet and try again.';
    case 'worker_unreachable':
      return 'Voipcom can’t be reached right now. Try again in a moment.';
    case 'rate_limited':
      return error.retryAfter !== undefined
        ? `Too many attempts. Try again in ${waitText(error.retryAfter)}.`
        : 'Too many attempts. Wait a minute and try again.';
    case 'session_expired':
      return 'Your session expired, sign in again.';
    case 'invalid_credentials':
      return 'Wrong username or password.';
    case 'invalid_number':
      return 'That number can’t be dialled. Check it and try again.';
    case 'number_not_allowed':
      return 'Calls to premium-rate and shared-cost numbers are not allowed from Click-to-Dial.';
    case 'no_number':
      return 'No phone number found in the selected text.';
    case 'upstream_error':
    case 'upstream_timeout':
      return `Your phone system didn’t complete the request. ${error.message}`;
    default:
      return error.message;
  }
}

function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
