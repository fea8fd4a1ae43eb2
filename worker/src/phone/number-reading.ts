/** libphonenumber-js with its "max" metadata, in a module of its own so the Worker imports it on the first dial only. */
// The "max" metadata: the default ("min") cannot tell the type of many numbers (getType() is undefined for French
// premium-rate numbers, for example), and validity is checked against the same patterns as the type.
export { parsePhoneNumberFromString } from 'libphonenumber-js/max';
