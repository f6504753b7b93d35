import { z } from 'zod';

/** A member's role in one conversation. */
export const memberRoleSchema = z.enum(['owner', 'admin', 'member']);
