import { MAX_WEIGHT, type RoutingEntry } from '../../../test/all-entries.js';

/**
 * Known answers that freeze the sticky contract (docs/stickiness.md), checked in this process and in a separate
 * Node process on the built package. The murmur3 vectors are public ones, computed by other implementations
 * (test/random/murmur3.test.ts checks them in-process); the sticky vectors were recorded from this
 * implementation when the contract was frozen and pin it: a change to any of them moves live keys.
 */

/** [key, seed, murmur3_x86_32 of the key's UTF-8 bytes]. */
export const MURMUR3_VECTORS: readonly (readonly [string, number, number])[] = [
  ['', 0, 0],
  ['', 1, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  ['\0\0\0\0', 0, 0x2362f9de],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['ab', 0x9747b28c, 0x74875592],
  ['abc', 0x9747b28c, 0xc84a62dd],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['aaaa', 0x9747b28c, 0x5a97808a],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
];

export const VECTOR_CONFIGS: readonly (readonly RoutingEntry[])[] = [
  [
    { version: '1', weight: 50 },
    { version: '2', weight: 50 },
  ],
  [
    { version: '1', weight: 80 },
    { version: '2', weight: 20 },
  ],
  [
    { version: 'rare', weight: 1 },
    { version: 'bulk', weight: 999_999 },
  ],
  [
    { version: 'retired', weight: 0 },
    { version: 'blue', weight: 10 },
    { version: 'green', weight: 20 },
    { version: 'red', weight: 70 },
  ],
  Array.from({ length: 10 }, (_, i) => ({ version: `v${i + 1}`, weight: i + 1 })),
  [
    { version: 'a', weight: MAX_WEIGHT },
    { version: 'b', weight: MAX_WEIGHT - 1 },
  ],
];

const LONG_KEY = 'k'.repeat(1024);

/** [alias identity, index into VECTOR_CONFIGS, key, sticky hash, version]. */
export const STICKY_VECTORS: readonly (readonly [string, number, string, number, string])[] = [
  ["checkout-flow/live", 0, "exec-000001", 0x421ed7bb, "2"],
  ["checkout-flow/live", 0, "exec-000002", 0x46c8b47a, "1"],
  ["checkout-flow/live", 0, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x42cde811, "2"],
  ["checkout-flow/live", 0, "a", 0xe3ccee14, "2"],
  ["checkout-flow/live", 0, "🚀 launch", 0x38622f24, "1"],
  ["checkout-flow/live", 0, "\ud800x", 0x681288d5, "2"],
  ["checkout-flow/live", 0, LONG_KEY, 0x956d4098, "1"],
  ["checkout-flow/live", 1, "exec-000001", 0x421ed7bb, "1"],
  ["checkout-flow/live", 1, "exec-000002", 0x46c8b47a, "1"],
  ["checkout-flow/live", 1, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x42cde811, "1"],
  ["checkout-flow/live", 1, "a", 0xe3ccee14, "1"],
  ["checkout-flow/live", 1, "🚀 launch", 0x38622f24, "1"],
  ["checkout-flow/live", 1, "\ud800x", 0x681288d5, "2"],
  ["checkout-flow/live", 1, LONG_KEY, 0x956d4098, "1"],
  ["checkout-flow/live", 2, "exec-000001", 0x421ed7bb, "bulk"],
  ["checkout-flow/live", 2, "exec-000002", 0x46c8b47a, "bulk"],
  ["checkout-flow/live", 2, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x42cde811, "bulk"],
  ["checkout-flow/live", 2, "a", 0xe3ccee14, "bulk"],
  ["checkout-flow/live", 2, "🚀 launch", 0x38622f24, "bulk"],
  ["checkout-flow/live", 2, "\ud800x", 0x681288d5, "bulk"],
  ["checkout-flow/live", 2, LONG_KEY, 0x956d4098, "bulk"],
  ["checkout-flow/live", 3, "exec-000001", 0x421ed7bb, "red"],
  ["checkout-flow/live", 3, "exec-000002", 0x46c8b47a, "red"],
  ["checkout-flow/live", 3, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x42cde811, "red"],
  ["checkout-flow/live", 3, "a", 0xe3ccee14, "red"],
  ["checkout-flow/live", 3, "🚀 launch", 0x38622f24, "green"],
  ["checkout-flow/live", 3, "\ud800x", 0x681288d5, "red"],
  ["checkout-flow/live", 3, LONG_KEY, 0x956d4098, "red"],
  ["checkout-flow/live", 4, "exec-000001", 0x421ed7bb, "v6"],
  ["checkout-flow/live", 4, "exec-000002", 0x46c8b47a, "v9"],
  ["checkout-flow/live", 4, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x42cde811, "v5"],
  ["checkout-flow/live", 4, "a", 0xe3ccee14, "v6"],
  ["checkout-flow/live", 4, "🚀 launch", 0x38622f24, "v5"],
  ["checkout-flow/live", 4, "\ud800x", 0x681288d5, "v2"],
  ["checkout-flow/live", 4, LONG_KEY, 0x956d4098, "v9"],
  ["checkout-flow/live", 5, "exec-000001", 0x421ed7bb, "a"],
  ["checkout-flow/live", 5, "exec-000002", 0x46c8b47a, "a"],
  ["checkout-flow/live", 5, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x42cde811, "b"],
  ["checkout-flow/live", 5, "a", 0xe3ccee14, "a"],
  ["checkout-flow/live", 5, "🚀 launch", 0x38622f24, "a"],
  ["checkout-flow/live", 5, "\ud800x", 0x681288d5, "b"],
  ["checkout-flow/live", 5, LONG_KEY, 0x956d4098, "a"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 0, "exec-000001", 0xafa0d2ef, "1"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 0, "a", 0xd74ee33f, "1"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 0, LONG_KEY, 0x6a86c1e4, "2"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 1, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x266c4195, "2"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 1, "\ud800x", 0x00984546, "1"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 2, "exec-000002", 0xe49454a6, "bulk"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 2, "🚀 launch", 0x2077223b, "bulk"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 3, "exec-000001", 0xafa0d2ef, "red"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 3, "a", 0xd74ee33f, "red"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 3, LONG_KEY, 0x6a86c1e4, "red"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 4, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0x266c4195, "v7"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 4, "\ud800x", 0x00984546, "v5"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 5, "exec-000002", 0xe49454a6, "a"],
  ["arn:aws:bedrock:us-east-1:123456789012:flow/FLOW12345/alias/ALIAS67890", 5, "🚀 launch", 0x2077223b, "a"],
  ["租户/别名", 0, "exec-000001", 0x05e109ac, "2"],
  ["租户/别名", 0, "a", 0xed3550d9, "1"],
  ["租户/别名", 0, LONG_KEY, 0x606cd102, "2"],
  ["租户/别名", 1, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0xa3826814, "1"],
  ["租户/别名", 1, "\ud800x", 0xd1c735b9, "1"],
  ["租户/别名", 2, "exec-000002", 0xd789e1e0, "bulk"],
  ["租户/别名", 2, "🚀 launch", 0xa202f710, "bulk"],
  ["租户/别名", 3, "exec-000001", 0x05e109ac, "red"],
  ["租户/别名", 3, "a", 0xed3550d9, "red"],
  ["租户/别名", 3, LONG_KEY, 0x606cd102, "red"],
  ["租户/别名", 4, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 0xa3826814, "v10"],
  ["租户/别名", 4, "\ud800x", 0xd1c735b9, "v9"],
  ["租户/别名", 5, "exec-000002", 0xd789e1e0, "a"],
  ["租户/别名", 5, "🚀 launch", 0xa202f710, "a"],
  ["checkout-flow/live", 2, "exec-0764550", 0x5782cfda, "rare"],
];
