/** Zod schemas of the NetSapiens answers the Worker uses (AccessToken, Device, ActiveCall); unknown fields are ignored. */
import { z } from 'zod';

/** AccessToken as POST /tokens returns it; the MFA step answers the same shape with scope "mfa_required". */
export const AccessTokenSchema = z.object({
  access_token: z.string().min(1).max(4096),
  refresh_token: z.string().max(4096).optional(),
  expires_in: z.coerce.number().int().nonnegative().max(10 * 365 * 86400),
  scope: z.string().optional(),
  user_scope: z.string().optional(),
  uid: z.string().min(1).max(256),
  user: z.string().min(1).max(128),
  domain: z.string().min(1).max(128),
  displayName: z.string().max(256).optional(),
  mfa_type: z.string().max(64).optional(),
  mfa_vendor: z.string().max(64).optional(),
});
export type AccessToken = z.infer<typeof AccessTokenSchema>;

export const DeviceListSchema = z.array(
  z.object({
    device: z.string().min(1).max(128),
    'device-models-model': z.string().max(256).nullish(),
    /** The description's enum is "registered" / "unregistered"; any other value is read as not registered. */
    'device-sip-registration-state': z.string().max(64).nullish(),
  }),
);
