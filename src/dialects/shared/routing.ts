import { ValidationException } from '../../errors.js';
import { checkString, missing, readFields, type StringRule } from '../../input/fields.js';
import { normalizeRouting, type FieldLabels, type RoutingEntry } from '../../routing/validate.js';

/** How a dialect spells and bounds a routing list. */
export interface RoutingListRule {
  /** The list, version and weight field names, as they read and as errors name them. */
  readonly labels: FieldLabels;
  readonly maxItems: number;
  readonly itemKeys: ReadonlySet<string>;
  readonly version: StringRule;
  /** The weight of a lone item that gives none; without it every item must give a weight. */
  readonly soleWeight?: number;
}

/**
 * A dialect's routing list as routing entries: the dialect's shape (list size, item fields, version
 * pattern), then the routing core's rules (integer weights in range, distinct versions, positive total),
 * all named in the dialect's terms (`RoutingConfigurations[1].Weight`).
 */
export function readRoutingList(value: unknown, rule: RoutingListRule): readonly RoutingEntry[] {
  const { list, version, weight } = rule.labels;
  if (value === undefined) throw missing(list);
  if (!Array.isArray(value)) throw new ValidationException(list, 'must be an array');
  if (value.length < 1 || value.length > rule.maxItems) {
    throw new ValidationException(list, rule.maxItems === 1 ? 'must have exactly 1 item' : `must have 1 to ${rule.maxItems} items`);
  }
  const items = value.map((raw: unknown, i) => {
    const at = `${list}[${i}]`;
    const item = readFields(raw, at, rule.itemKeys);
    checkString(item[version], `${at}.${version}`, rule.version);
    if (item[weight] === undefined) {
      if (value.length > 1 || rule.soleWeight === undefined) throw missing(`${at}.${weight}`);
      item[weight] = rule.soleWeight;
    }
    return item;
  });
  return normalizeRouting(items, rule.labels).configured;
}
