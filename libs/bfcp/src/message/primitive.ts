/** BFCP primitives (RFC 8855 §5.1 Table 1, IANA "Primitives" subregistry). */
export const Primitive = {
  FloorRequest: 1,
  FloorRelease: 2,
  FloorRequestQuery: 3,
  FloorRequestStatus: 4,
  UserQuery: 5,
  UserStatus: 6,
  FloorQuery: 7,
  FloorStatus: 8,
  ChairAction: 9,
  ChairActionAck: 10,
  Hello: 11,
  HelloAck: 12,
  Error: 13,
  FloorRequestStatusAck: 14,
  FloorStatusAck: 15,
  Goodbye: 16,
  GoodbyeAck: 17,
} as const;

export type PrimitiveName = keyof typeof Primitive;
export type Primitive = (typeof Primitive)[PrimitiveName];

const names = new Map<number, PrimitiveName>(
  (Object.entries(Primitive) as [PrimitiveName, Primitive][]).map(([name, value]) => [value, name]),
);

/** Every primitive RFC 8855 defines, in value order. */
export const allPrimitives: readonly Primitive[] = [...names.keys()] as Primitive[];

export function isKnownPrimitive(value: number): value is Primitive {
  return names.has(value);
}

/** The RFC name of a primitive, or undefined for a value RFC 8855 does not define. */
export function primitiveName(value: number): PrimitiveName | undefined {
  return names.get(value);
}

export function primitiveFromName(name: string): Primitive | undefined {
  return Object.hasOwn(Primitive, name) ? Primitive[name as PrimitiveName] : undefined;
}

/** Primitives a client sends to the floor control server. */
const clientToServer: ReadonlySet<number> = new Set<number>([
  Primitive.FloorRequest,
  Primitive.FloorRelease,
  Primitive.FloorRequestQuery,
  Primitive.UserQuery,
  Primitive.FloorQuery,
  Primitive.ChairAction,
  Primitive.Hello,
  Primitive.FloorRequestStatusAck,
  Primitive.FloorStatusAck,
  Primitive.Goodbye,
  Primitive.GoodbyeAck,
]);

export function isClientToServer(primitive: number): boolean {
  return clientToServer.has(primitive);
}

/** Primitives that only exist on unreliable transports (RFC 8855 §5.3.14-5.3.17). */
export function isUnreliableOnly(primitive: number): boolean {
  return primitive >= Primitive.FloorRequestStatusAck && primitive <= Primitive.GoodbyeAck;
}
