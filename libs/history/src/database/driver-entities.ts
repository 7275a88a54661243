import {
  EntitySchema,
  getMetadataArgsStorage,
  type ColumnType,
  type EntitySchemaColumnOptions,
} from 'typeorm';

/** The drivers Parley's history runs on. */
export type HistoryDriver = 'sqlite' | 'postgres';

/**
 * Column types that PostgreSQL names differently. Entities declare sqlite's type (the embedded
 * default, whose stored format never changes); on PostgreSQL these are swapped for its own.
 */
const POSTGRES_COLUMN_TYPES: ReadonlyMap<ColumnType, ColumnType> = new Map([['blob', 'bytea']]);

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity targets
type EntityTarget = Function;

function needsSwap(target: EntityTarget): boolean {
  return getMetadataArgsStorage()
    .filterColumns(target)
    .some((c) => c.options.type !== undefined && POSTGRES_COLUMN_TYPES.has(c.options.type));
}

/**
 * The same entity as its decorators describe, as an EntitySchema with PostgreSQL's column types.
 * It keeps the class as target, so `getRepository(ChatMessageEntity)` finds it as usual. Covers what
 * the history entities use: regular columns, generated primary keys and indexes.
 */
function postgresSchemaOf(target: EntityTarget): EntitySchema {
  const storage = getMetadataArgsStorage();
  const table = storage.tables.find((t) => t.target === target);
  if (table === undefined) {
    throw new Error(`${target.name} is not a TypeORM entity`);
  }
  const columns: Record<string, EntitySchemaColumnOptions> = {};
  for (const column of storage.filterColumns(target)) {
    if (column.mode !== 'regular') {
      throw new Error(
        `${target.name}.${column.propertyName}: column mode ${column.mode} not covered`,
      );
    }
    const { type, ...options } = column.options;
    if (type === undefined) {
      throw new Error(`${target.name}.${column.propertyName}: no column type`);
    }
    const generation = storage.findGenerated(target, column.propertyName);
    columns[column.propertyName] = {
      ...(options as Omit<EntitySchemaColumnOptions, 'type'>),
      type: POSTGRES_COLUMN_TYPES.get(type) ?? type,
      ...(generation === undefined ? {} : { generated: generation.strategy }),
    };
  }
  return new EntitySchema({
    name: target.name,
    target,
    ...(table.name === undefined ? {} : { tableName: table.name }),
    columns,
    indices: storage.filterIndices(target).map((index) => ({
      ...(index.name === undefined ? {} : { name: index.name }),
      ...(index.columns === undefined ? {} : { columns: index.columns }),
      ...(index.unique === undefined ? {} : { unique: index.unique }),
    })),
  });
}

/**
 * The entity list for a driver: unchanged on sqlite; on PostgreSQL each entity with a column type
 * PostgreSQL lacks (blob) becomes an equivalent EntitySchema with PostgreSQL's type (bytea).
 */
export function entitiesForDriver(
  driver: HistoryDriver,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
  entities: readonly (Function | string | EntitySchema)[],
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
): (Function | string | EntitySchema)[] {
  if (driver === 'sqlite') {
    return [...entities];
  }
  return entities.map((entity) =>
    typeof entity === 'function' && needsSwap(entity) ? postgresSchemaOf(entity) : entity,
  );
}
