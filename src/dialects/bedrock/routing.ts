import type { AliasRecord } from '../../registry/model.js';
import type { FieldLabels, RoutingEntry } from '../../routing/validate.js';
import { readRoutingList, type RoutingListRule } from '../shared/routing.js';
import { FLOW_VERSION } from './rules.js';
import type { FlowAliasRoutingConfigurationListItem } from './types.js';

export const ROUTING_LABELS: FieldLabels = { list: 'routingConfiguration', version: 'flowVersion', weight: 'weight' };

const STANDARD: RoutingListRule = {
  labels: ROUTING_LABELS,
  maxItems: 1,
  itemKeys: new Set(['flowVersion']),
  version: FLOW_VERSION,
  soleWeight: 100,
};
/** The weighted-routing extension: one or two items, a weight required on each of two. */
const WEIGHTED: RoutingListRule = { ...STANDARD, maxItems: 2, itemKeys: new Set(['flowVersion', 'weight']) };

/**
 * `routingConfiguration` as routing entries. Standard: exactly one item `{ flowVersion }`, stored with
 * weight 100 (a lone entry takes all traffic). Weighted: an SDK that strips the unknown `weight` field
 * gets an error naming it, never a silent 50/50 split.
 */
export function readRoutingConfiguration(value: unknown, weighted: boolean): readonly RoutingEntry[] {
  return readRoutingList(value, weighted ? WEIGHTED : STANDARD);
}

/** One item `{ flowVersion }` for a single-entry alias; `{ flowVersion, weight }` items otherwise. */
export function renderRoutingConfiguration(alias: AliasRecord): FlowAliasRoutingConfigurationListItem[] {
  if (alias.routing.length === 1) return alias.routing.map((e) => ({ flowVersion: e.version }));
  return alias.routing.map((e) => ({ flowVersion: e.version, weight: e.weight }));
}
