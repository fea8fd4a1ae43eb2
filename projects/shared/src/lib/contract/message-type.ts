/** The runtime message names: a module of its own, without zod, so the popup can name messages without loading zod. */
export const MessageType = {
  /** popup → background: the state to show, at once, from what the background knows (no Worker request). */
  GetState: 'state/get',
  /** popup → background: re-checks the session and the policy with the Worker; the state after. */
  RefreshState: 'state/refresh',
  SignIn: 'session/sign-in',
  SignOut: 'session/sign-out',
  ListDevices: 'devices/list',
  /** popup → background: place a call the user asked for in the popup (its number field or the confirmation). */
  Dial: 'call/dial',
  /**
   * content script → background: the user clicked a tel: link or a highlighted number. Never dials: the
   * background opens the confirmation window, where the user confirms or not (as for the menu and the shortcut).
   */
  AskToDial: 'call/ask',
  /** confirmation window → background: the pending number to show. */
  GetPendingDial: 'call/pending',
  /** confirmation window → background: the Worker's reading of the pending number (country, refusal); never a dial. */
  DescribePendingDial: 'call/describe',
  /** confirmation window → background: the user confirmed; dial the pending number. */
  ConfirmDial: 'call/confirm',
  /** confirmation window → background: the user declined. */
  CancelDial: 'call/cancel',
  /**
   * popup or confirmation window → background: will the user's phone ring (GET /v1/first-leg for the phone chosen
   * to ring first in the settings)? Warnings only, never stored.
   */
  GetFirstLeg: 'call/first-leg',
  /** popup → background: the organisation's destination rules (GET /v1/org-rules), shown read-only in settings. */
  GetOrgRules: 'org/rules',
  /** popup → background: the call being followed now (cheap: no Worker request). */
  GetCall: 'call/get',
  /** popup → background: cancel the ringing call or hang up the connected one. */
  EndCall: 'call/end',
  /** content script of the frame holding the selection → background: the number the "Dial …" menu item shows. */
  ReportSelection: 'content/selection',
  UpdateSettings: 'settings/update',
  DismissPolicyNotice: 'policy/dismiss',
  /** content script → background: whether to intercept tel: links and highlight numbers here. */
  GetPageSettings: 'content/get-settings',
  /** background → content scripts: the page settings changed (sign-in, sign-out, settings). */
  PageSettingsChanged: 'content/settings-changed',
  /** background → content script of the active tab (dial-selection shortcut): the number in the selection. */
  GetSelectedNumber: 'content/get-selected-number',
} as const;

/**
 * chrome.storage.session key of the popup's state as the background last knew it (ExtensionState without its
 * problem): the popup draws it before the service worker has even woken. Memory only, this browsing session, and
 * readable by the extension's own pages only (storage.session's default access level).
 */
export const POPUP_STATE_KEY = 'popupState';
