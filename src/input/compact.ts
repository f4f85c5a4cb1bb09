/** Every field of `T`, the optional ones possibly `undefined`. */
export type Fields<T> = { [K in keyof T]-?: T[K] | undefined };

/**
 * An object of the fields that are not `undefined`, in the order given. Records and responses omit absent
 * optional fields (a JSON round trip would drop them anyway), and listing every field, absent or not,
 * lets the compiler check that none is forgotten.
 */
export function compact<T extends object>(fields: Fields<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
