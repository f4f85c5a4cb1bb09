/**
 * The names rows carry in the results file: scenarios (what is measured) and implementations (who). The
 * gates and the report read rows by these names, so they live apart from the scenarios' code.
 */

/** Numbers of versions for the cached-pick scenarios (issue 5). */
export const SIZES = [1, 2, 10, 100] as const;
export type Size = (typeof SIZES)[number];

/** Us, in every scenario. */
export const US = 'flow-alias-router';

export const RANDOM_PICK = 'pick.random';
/** Map.get + Math.random + one compare (issue 5's floor). */
export const FLOOR = 'floor';
/** The same floor drawing from the router's own generator (informational). */
export const FLOOR_FAST = 'floor.fast-random';

export const STICKY_PICK = 'pick.sticky';
export const STICKY_FLOOR = 'floor.sticky';

export const MANY_PICK = 'pick.random.many';
export const MANY_FLOOR = 'floor.many';

export const SEEDED_PICK = 'pick.seeded';
export const SEEDED_FLOOR = 'floor.seeded';
/** The cached pick measured inside the router-paths family, as the baseline of the rows below. */
export const CACHED_PICK = 'pick.cached';
export const ROUTE = 'route.cached';
export const MISS = 'pick.miss';
export const UPDATE = 'pick.after-update';
export const UPDATE_ALONE = 'update alone';
export const EXPLAIN = 'explain';

export const SELECTOR = 'selector';
export const SELECTOR_SIZES = [3, 5, 10, 30, 100, 300, 1000] as const;
export const SELECTOR_STRATEGIES = ['guide', 'alias', 'binary'] as const;
export const SELECTOR_SHAPES = ['ramp', 'dominant', 'random'] as const;

export const MEMORY = 'memory.per-alias';

/** A pick on an alias during a rollout (issue 12), and the same pick on a plain alias with the same weights. */
export const ROLLOUT_PICK = 'pick.rollout';
export const ROLLOUT_STICKY_PICK = 'pick.rollout.sticky';
export const PLAIN_ALIAS = 'plain alias, same weights';
export const RECORD_OUTCOME = 'recordOutcome';

/** A pick on a router with a meter from a registered, collecting OpenTelemetry SDK (issue 15), and without one. */
export const OTEL_PICK = 'pick.otel';
export const OTEL_STICKY_PICK = 'pick.otel.sticky';
export const OTEL_RECORD_OUTCOME = 'recordOutcome.otel';
export const NO_METER = 'no meter, same router options';
/** An OpenFeature evaluation (issue 15) beside router.pick: reported, not gated. */
export const OPENFEATURE_VALUE = 'openfeature.getStringValue';
export const OPENFEATURE_DETAILS = 'openfeature.getStringDetails';
export const ROUTER_PICK = 'router.pick';

/** Issue 13: HTTP endpoints under load against a bare node:http server answering the same bytes. */
export const ENDPOINT_PICK = 'endpoint.pick';
export const ENDPOINT_GET_FLOW_ALIAS = 'endpoint.get-flow-alias';
export const ENDPOINT_FLOOR = 'endpoint.floor';
export const BARE_HTTP = 'bare node:http';
