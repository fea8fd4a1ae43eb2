/** The Worker's bindings, vars and secrets, exactly as wrangler.toml and `wrangler secret put` declare them. */
export interface Env {
  /** Encrypted sessions and the per-account session index (see worker/STORAGE.md). */
  SESSIONS: KVNamespace;
  /** The dial audit archive, the account audit keys, the nightly export's progress and organisation rules (see worker/STORAGE.md). */
  AUDIT_ARCHIVE: KVNamespace;
  /** One data point per dial request (layout in worker/STORAGE.md). */
  DIAL_EVENTS: AnalyticsEngineDataset;
  /** Sign-in attempts per client IP. */
  SIGNIN_IP_LIMITER: RateLimit;
  /** Sign-in attempts per (hashed username, client IP). */
  SIGNIN_USER_IP_LIMITER: RateLimit;
  /** Sign-in attempts per hashed username from all addresses: a looser ceiling. */
  SIGNIN_USER_LIMITER: RateLimit;
  REQUEST_IP_LIMITER: RateLimit;
  /** Dials per session. */
  DIAL_LIMITER: RateLimit;
  /** Dials per account (hashed uid), from all its sessions together. */
  ACCOUNT_DIAL_LIMITER: RateLimit;
  /** Call status reads and hang-ups per session. */
  CALL_STATUS_LIMITER: RateLimit;
  /** POST /v1/numbers/describe per session. */
  DESCRIBE_LIMITER: RateLimit;

  NS_API_BASE: string;
  NS_CLIENT_ID: string;
  NS_TIMEOUT_MS: string;
  ALLOWED_ORIGINS: string;
  /** Comma-separated libphonenumber-js number types that may not be dialled, e.g. "PREMIUM_RATE,SHARED_COST". */
  BLOCKED_NUMBER_TYPES: string;
  POLICY_EFFECTIVE: string;
  POLICY_URL: string;
  POLICY_UPCOMING_EFFECTIVE: string;
  POLICY_UPCOMING_URL: string;
  POLICY_UPCOMING_SUMMARY: string;
  /** YYYY-MM-DD the upcoming version is announced from: at least 14 days before it takes effect. */
  POLICY_UPCOMING_ANNOUNCED: string;
  ACCESS_TEAM_DOMAIN: string;
  ACCESS_AUD: string;
  AE_ACCOUNT_ID: string;
  AE_SQL_ENDPOINT: string;
  AE_DATASET: string;
  /** Seconds one export run may take before it stops itself and leaves the rest to the next run. */
  AUDIT_EXPORT_RUN_SECONDS: string;

  /** Secrets. */
  NS_CLIENT_SECRET: string;
  /** JSON {"current":"<kid>","keys":{"<kid>":"<base64url of 32 bytes>"}}. */
  SESSION_KEYS: string;
  /** JSON {"current":"<kid>","keys":{"<kid>":"<base64url of 32 bytes>"}}, kid at most 16 characters: the dial audit trail's keys. */
  AUDIT_KEYS: string;
  AE_API_TOKEN?: string;
}
