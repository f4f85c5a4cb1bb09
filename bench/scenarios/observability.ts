import { metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { OpenFeature } from '@openfeature/server-sdk';
import { Router } from 'flow-alias-router';
import { FlowAliasRouterProvider } from 'flow-alias-router/openfeature';
import { ALIASES, FLOW, executionKeys, hotRouter } from '../harness/fixtures.js';
import type { AllocationSubject } from '../harness/allocations.js';
import { measure, optionsFor, type Contender } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { NO_METER, OPENFEATURE_DETAILS, OPENFEATURE_VALUE, OTEL_PICK, OTEL_RECORD_OUTCOME, OTEL_STICKY_PICK, ROUTER_PICK, US } from './names.js';

/**
 * Issue 15: the router's metrics cost nothing on the hot path. Two routers over the same source in one
 * process: one plain, one with a real OpenTelemetry SDK (`@opentelemetry/sdk-metrics` 2.x, registered as
 * the global MeterProvider, its meter taken after registration) whose periodic reader collects every 100 ms
 * into an exporter that drops what it gets. The reader's timer fires whenever the event loop turns (between
 * tinybench tasks and rounds), so collections are interleaved with the timed batches, as in a gateway where
 * collection runs between requests. The ratio of the metered pick to the plain pick is the metrics' cost.
 *
 * Beside it (reported, not gated): an OpenFeature evaluation through `@openfeature/server-sdk`'s client
 * (hooks, context merging, a promise) against `router.pick` on the same router.
 */
const KEY_COUNT = 1024;

/** Drops every export: the SDK does all its collection work, nothing is kept. */
const discard: PushMetricExporter = {
  export(_metrics: ResourceMetrics, done) {
    done({ code: 0 });
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

let started: { provider: MeterProvider } | undefined;

/** Registers the SDK once per process (before any meter is taken: a meter taken earlier stays a no-op). */
export function startSdk(): MeterProvider {
  if (started !== undefined) return started.provider;
  const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: discard, exportIntervalMillis: 100 })] });
  metrics.setGlobalMeterProvider(provider);
  started = { provider };
  return provider;
}

/** A plain router and a metered one, every hot alias cached in both, the SDK collecting. */
export async function meteredRouters(): Promise<{ plain: Router; metered: Router }> {
  const provider = startSdk();
  const { router: plain, source } = hotRouter();
  const metered = new Router({ source, meter: metrics.getMeter('flow-alias-router-bench') });
  for (const n of [1, 2, 10, 100] as const) metered.pick(FLOW, ALIASES[n]);
  // One collection before measuring, so the SDK's storages for every series exist already.
  await provider.forceFlush();
  return { plain, metered };
}

export async function observabilityContenders(): Promise<Contender[]> {
  const { plain, metered } = await meteredRouters();
  const keys = executionKeys(KEY_COUNT);
  const mask = KEY_COUNT - 1;
  const alias = ALIASES[2];
  const provider = new FlowAliasRouterProvider({ router: metered, sourceCheckMs: 0 });
  await OpenFeature.setProviderAndWait('bench', provider);
  const client = OpenFeature.getClient('bench');
  const flagKey = `${FLOW}/${alias}`;
  return [
    { scenario: OTEL_PICK, impl: NO_METER, n: 2, baseline: null, note: 'the same pick on a router without a meter', op: () => plain.pick(FLOW, alias) },
    { scenario: OTEL_PICK, impl: US, n: 2, baseline: NO_METER, note: 'a router with a meter from a registered, collecting SDK', op: () => metered.pick(FLOW, alias) },
    { scenario: OTEL_STICKY_PICK, impl: NO_METER, n: 2, baseline: null, note: 'sticky, without a meter', op: (i) => plain.pick(FLOW, alias, keys[i & mask]) },
    { scenario: OTEL_STICKY_PICK, impl: US, n: 2, baseline: NO_METER, op: (i) => metered.pick(FLOW, alias, keys[i & mask]) },
    { scenario: OPENFEATURE_VALUE, impl: ROUTER_PICK, n: 2, baseline: null, note: 'router.pick, sticky, the nanosecond path', op: (i) => metered.pick(FLOW, alias, keys[i & mask]) },
    {
      scenario: OPENFEATURE_VALUE,
      impl: US,
      n: 2,
      baseline: ROUTER_PICK,
      async: true,
      note: 'client.getStringValue with a targetingKey, through the OpenFeature SDK',
      op: (i) => client.getStringValue(flagKey, 'fallback', { targetingKey: keys[i & mask] as string }),
    },
    {
      scenario: OPENFEATURE_DETAILS,
      impl: US,
      n: 2,
      baseline: ROUTER_PICK,
      baselineScenario: OPENFEATURE_VALUE,
      async: true,
      note: 'client.getStringDetails (reason, variant, flagMetadata)',
      op: (i) => client.getStringDetails(flagKey, 'fallback', { targetingKey: keys[i & mask] as string }),
    },
  ];
}

/** The allocation subjects (appended to the allocations family): picks and recordOutcome on the metered router. */
export async function observabilityAllocationSubjects(): Promise<AllocationSubject[]> {
  const { metered } = await meteredRouters();
  const keys = executionKeys(KEY_COUNT);
  const alias = ALIASES[2];
  return [
    { scenario: OTEL_PICK, impl: US, n: 2, op: () => metered.pick(FLOW, alias) },
    { scenario: OTEL_STICKY_PICK, impl: US, n: 2, op: (i) => metered.pick(FLOW, alias, keys[i & 1023]) },
    {
      scenario: OTEL_RECORD_OUTCOME,
      impl: US,
      n: 2,
      op: (i) => {
        const version = metered.pick(FLOW, alias);
        metered.recordOutcome(FLOW, alias, version, (i & 7) !== 0);
        return version;
      },
    },
  ];
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  const rows = await measure(await observabilityContenders(), optionsFor(mode));
  await OpenFeature.close();
  return { rows };
}
