/** The popup's way to chrome.*: the extension's one CHROME token (specs hand the popup a fake through it). */
export { CHROME } from '../../../extension/chrome/chrome';
