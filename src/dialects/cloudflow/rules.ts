import type { StringRule } from '../../input/fields.js';
import { NAME_RULE, VERSION_NUMBER_PATTERN } from '../../registry/rules.js';
import type { FieldLabels, RoutingEntry } from '../../routing/validate.js';
import { readRoutingList, type RoutingListRule } from '../shared/routing.js';

/**
 * Field rules of the CloudFlow references (CreateFlowAlias, UpdateFlowAlias and their siblings) and of
 * CloudFlow's naming rules. Where the references are silent the choice is marked in docs/dialects.md.
 */

/** Names of new flows and aliases: letters, digits, `_` and `-`, starting with a letter or `_`, 1 to 128. */
export const NEW_NAME: StringRule = {
  max: 128,
  pattern: /^[A-Za-z_][A-Za-z0-9_-]*$/,
  patternText: 'letters, digits, _ and -, starting with a letter or _',
};
/** Names that look a resource up: any name the registry holds (a Bedrock-made one may start with a digit). */
export const NAME_REF: StringRule = NAME_RULE;
export const DESCRIPTION: StringRule = { min: 0, max: 256 };
export const DEFINITION: StringRule = { max: 262_144 };
export const ROLE_ARN: StringRule = { max: 2048, pattern: /^acs:ram:\S+$/, patternText: 'acs:ram:...' };
export const NEXT_TOKEN: StringRule = { max: 2048 };
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export const ROUTING_LABELS: FieldLabels = { list: 'RoutingConfigurations', version: 'Version', weight: 'Weight' };
const ROUTING: RoutingListRule = {
  labels: ROUTING_LABELS,
  maxItems: 2,
  itemKeys: new Set(['Version', 'Weight']),
  version: { max: 5, pattern: VERSION_NUMBER_PATTERN, patternText: 'a published version number' },
};

/**
 * `RoutingConfigurations`: one or two `{ Version, Weight }` with distinct published versions and integer
 * weights >= 0 with a positive total (a single entry takes all traffic whatever its weight).
 */
export function readRoutingConfigurations(value: unknown): readonly RoutingEntry[] {
  return readRoutingList(value, ROUTING);
}
