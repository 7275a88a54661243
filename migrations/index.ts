import { Initial1795669375236 } from './1795669375236-Initial.js';

/**
 * Every migration, oldest first. Generated with `npm run migration:generate -- migrations/<Name>`,
 * then listed here. Landed migrations are never edited: a change is a new migration.
 */
export const migrations = [Initial1795669375236];
