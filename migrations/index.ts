/**
 * Every migration, oldest first. Generated with `npm run migration:generate -- migrations/<Name>`,
 * then listed here. Landed migrations are never edited: a change is a new migration.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists
export const migrations: Function[] = [];
