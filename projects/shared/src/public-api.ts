/** Public entry of the shared library: the Worker/extension contract and phone-number parsing. */
export * from './lib/contract/http-api';
export * from './lib/contract/iso-dates';
export * from './lib/contract/managed-policy';
export * from './lib/contract/messages';
export * from './lib/phone/find-phone-numbers';
export * from './lib/result/result';
export * from './lib/validation/parse-text';
export { pure } from './lib/contract/pure';
