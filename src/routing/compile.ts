import { ValidationException } from '../errors.js';
import { RoutingTable, type SelectorName } from './table.js';
import { DEFAULT_LABELS, normalizeRouting, type FieldLabels, type NormalizedRouting } from './validate.js';

export interface CompileOptions {
  /** Force a selector (tests and benchmarks); `auto` picks by shape, as measured in docs/benchmarks.md. */
  readonly selector?: SelectorName | 'auto';
  /** Field names used in validation errors, e.g. CloudFlow's `RoutingConfigurations` / `Version` / `Weight`. */
  readonly labels?: FieldLabels;
}

const SELECTORS: ReadonlySet<string> = new Set(['auto', 'constant', 'compare', 'guide', 'alias', 'binary']);

const LABEL_FIELDS = ['list', 'version', 'weight'] as const;

/** The caller's field labels, checked: a label that is not a non-empty string would leave errors unnamed. */
function readLabels(labels: unknown): FieldLabels {
  if (labels === undefined || labels === null) return DEFAULT_LABELS;
  if (typeof labels !== 'object') throw new ValidationException('labels', 'must be an object naming list, version and weight');
  for (const field of LABEL_FIELDS) {
    const label = (labels as Record<string, unknown>)[field];
    if (typeof label !== 'string' || label.length === 0) throw new ValidationException(`labels.${field}`, 'must be a non-empty string');
  }
  return labels as FieldLabels;
}

/**
 * The selector `auto` uses for three or more versions, chosen by bench/scenarios/selectors.ts (guide,
 * alias and binary at n = 3 to 1,000, three weight shapes; docs/benchmarks.md): the guide table was within
 * about 1 ns of the fastest selector everywhere, as fast or faster from 30 versions on and when one
 * version dominates, and it is exact (each share carries only the rounding of its two thresholds). The
 * alias method was up to about 1 ns faster at 3 to 10 versions but accumulates rounding while its columns
 * are built; binary search was 1.2 to 3.2 times slower from 5 versions on.
 */
export const AUTO_MANY_SELECTOR: SelectorName = 'guide';

function chooseSelector(n: number, requested: SelectorName | 'auto'): SelectorName {
  if (requested === 'auto') return n === 1 ? 'constant' : n === 2 ? 'compare' : AUTO_MANY_SELECTOR;
  if (requested === 'constant' && n !== 1) {
    throw new ValidationException('selector', `constant needs exactly one version with weight > 0, got ${n}`);
  }
  if (requested === 'compare' && n > 2) {
    throw new ValidationException('selector', `compare needs one or two versions with weight > 0, got ${n}`);
  }
  return requested;
}

/**
 * Validates a routing configuration and compiles it into an immutable table whose `select(u)` picks each
 * version with probability weight / total. Throws `ValidationException` naming the field at fault, in the
 * options too.
 */
export function compileRouting(entries: unknown, options: CompileOptions = {}): RoutingTable {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationException('options', 'must be an object');
  }
  const requested = options.selector ?? 'auto';
  if (typeof requested !== 'string' || !SELECTORS.has(requested)) {
    throw new ValidationException('selector', `must be one of ${[...SELECTORS].join(', ')}`);
  }
  const normalized = normalizeRouting(entries, readLabels(options.labels));
  return sharedTable(normalized, chooseSelector(normalized.versions.length, requested));
}

/** Most distinct tables kept for sharing; configs beyond it get tables of their own (still correct, not shared). */
export const SHARED_TABLES = 4096;
const sharedTables = new Map<string, RoutingTable>();

/**
 * Tables with the same content are one table (issue 13): a fleet routes most of its aliases 100/0, 90/10 or
 * 80/20, so 100,000 cached aliases hold a handful of tables instead of 100,000. The key is the configured
 * entries in the caller's order (a table's `entries` keep that order) and the selector; it is built on the
 * slow path only. A table is immutable and its compiled selector is only read, so sharing is invisible.
 */
function sharedTable(normalized: NormalizedRouting, selector: SelectorName): RoutingTable {
  let key = selector;
  for (const entry of normalized.configured) key += `|${entry.version.length}:${entry.version}${entry.weight}`;
  let table = sharedTables.get(key);
  if (table === undefined) {
    table = new RoutingTable(normalized, selector);
    if (sharedTables.size < SHARED_TABLES) sharedTables.set(key, table);
  }
  return table;
}
