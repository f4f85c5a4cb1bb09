import type { BedrockOperation } from './operations.js';

export type QueryKind = 'string' | 'integer' | 'boolean';

/**
 * One operation of the Bedrock Agent REST protocol, as `@aws-sdk/client-bedrock-agent` 3.1138.0 serialises
 * it (`dist-es/schemas/schemas_0.js`: the operation's `http` trait gives method, path and success code;
 * members with `httpLabel` go in the path, `httpQuery` in the query string, the rest in the JSON body).
 */
export interface BedrockRoute {
  readonly operation: BedrockOperation;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path segments; `{name}` is a label, bound to the input member of that name. */
  readonly path: readonly string[];
  readonly status: 200 | 201 | 202;
  readonly query: Readonly<Record<string, QueryKind>>;
  /** Whether the operation has body members (a JSON object); otherwise the body must be empty or `{}`. */
  readonly body: boolean;
  readonly mutates: boolean;
}

const FLOWS = ['flows'];
const FLOW = ['flows', '{flowIdentifier}'];
const VERSIONS = [...FLOW, 'versions'];
const VERSION = [...VERSIONS, '{flowVersion}'];
const ALIASES = [...FLOW, 'aliases'];
const ALIAS = [...ALIASES, '{aliasIdentifier}'];
const PAGING = { maxResults: 'integer', nextToken: 'string' } as const;
const NONE = {} as const;

// Path, method and status are the SDK's, e.g. CreateFlow `["POST", "/flows/", 201]`, PrepareFlow
// `["POST", "/flows/{flowIdentifier}/", 202]`. Trailing slashes are ignored when matching.
export const BEDROCK_ROUTES: readonly BedrockRoute[] = [
  { operation: 'createFlow', method: 'POST', path: FLOWS, status: 201, query: NONE, body: true, mutates: true },
  { operation: 'listFlows', method: 'GET', path: FLOWS, status: 200, query: PAGING, body: false, mutates: false },
  { operation: 'getFlow', method: 'GET', path: FLOW, status: 200, query: { includedData: 'string' }, body: false, mutates: false },
  { operation: 'updateFlow', method: 'PUT', path: FLOW, status: 200, query: NONE, body: true, mutates: true },
  { operation: 'deleteFlow', method: 'DELETE', path: FLOW, status: 200, query: { skipResourceInUseCheck: 'boolean' }, body: false, mutates: true },
  { operation: 'prepareFlow', method: 'POST', path: FLOW, status: 202, query: NONE, body: false, mutates: true },
  { operation: 'createFlowVersion', method: 'POST', path: VERSIONS, status: 201, query: NONE, body: true, mutates: true },
  { operation: 'listFlowVersions', method: 'GET', path: VERSIONS, status: 200, query: PAGING, body: false, mutates: false },
  { operation: 'getFlowVersion', method: 'GET', path: VERSION, status: 200, query: { includedData: 'string' }, body: false, mutates: false },
  {
    operation: 'deleteFlowVersion',
    method: 'DELETE',
    path: VERSION,
    status: 200,
    query: { skipResourceInUseCheck: 'boolean' },
    body: false,
    mutates: true,
  },
  { operation: 'createFlowAlias', method: 'POST', path: ALIASES, status: 201, query: NONE, body: true, mutates: true },
  { operation: 'listFlowAliases', method: 'GET', path: ALIASES, status: 200, query: PAGING, body: false, mutates: false },
  { operation: 'getFlowAlias', method: 'GET', path: ALIAS, status: 200, query: NONE, body: false, mutates: false },
  { operation: 'updateFlowAlias', method: 'PUT', path: ALIAS, status: 200, query: NONE, body: true, mutates: true },
  { operation: 'deleteFlowAlias', method: 'DELETE', path: ALIAS, status: 200, query: NONE, body: false, mutates: true },
];

export interface RouteMatch<R> {
  readonly route: R;
  /** Label values by member name (a null-prototype record). */
  readonly labels: Record<string, string>;
}

function isLabel(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** Finds the route for a method and decoded path segments; labels match any non-empty segment. */
export function matchRoute<R extends { readonly method: string; readonly path: readonly string[] }>(
  routes: readonly R[],
  method: string,
  segments: readonly string[],
): RouteMatch<R> | undefined {
  for (const route of routes) {
    if (route.method !== method || route.path.length !== segments.length) continue;
    const labels = Object.create(null) as Record<string, string>;
    let matched = true;
    for (let i = 0; i < segments.length && matched; i++) {
      const pattern = route.path[i] as string;
      const segment = segments[i] as string;
      if (isLabel(pattern)) labels[pattern.slice(1, -1)] = segment;
      else matched = pattern === segment;
    }
    if (matched) return { route, labels };
  }
  return undefined;
}
