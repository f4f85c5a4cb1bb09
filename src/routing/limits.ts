/** Bounds on everything a caller controls in a routing configuration. Documented in docs/api.md. */
export const MAX_ENTRIES = 1000;
/** Weights are relative integers; int32's maximum matches CloudFlow's `integer` Weight. */
export const MAX_WEIGHT = 2_147_483_647;
export const MAX_VERSION_LENGTH = 256;
/** Sticky keys longer than this are refused: hashing is linear in the key. */
export const MAX_KEY_LENGTH = 1024;
