/**
 * Every TypeORM entity of Parley's history, in one list: the options builder registers them and
 * `migration:generate` diffs them against the schema.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
export const historyEntities: Function[] = [];
