import { z } from 'zod';

/** The profile fields directory events carry (never a password, never a raw LDAP entry). */
export const userProfileSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  source: z.enum(['local', 'ldap']),
  /** The department path, root first, e.g. ["研发中心", "平台部"]. */
  orgUnitPath: z.array(z.string()),
});
