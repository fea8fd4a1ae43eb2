/**
 * The one name of "dial the selected number": the keyboard shortcut's command (declared in
 * projects/extension/manifest.json under "commands") and the id of the right-click menu item that do it.
 */
export const DIAL_SELECTION = 'dial-selection';
