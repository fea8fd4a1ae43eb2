/** Where the extension's privacy policy is published (the same page the Worker's GET /v1/policy points to). */
export const PRIVACY_POLICY_URL = 'https://voipcom.network/click-to-dial/privacy';
