import { z } from 'zod';
import { ROLE_VALUES } from './roles';

/** A role as the API and the stored rows carry it (the names and labels are in roles.ts). */
export const roleSchema = z.enum(ROLE_VALUES);
