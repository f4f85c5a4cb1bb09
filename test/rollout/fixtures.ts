import { ManualScheduler } from '../../src/index.js';
import { FlowRegistry } from '../../src/registry/index.js';

/**
 * A registry on a manual clock holding `flow` with versions 1 and 2 and an alias `live` routed 100 % to
 * version 1: where a rollout of version 2 starts in the router, metrics, events and provider tests.
 */
export function rolloutFixture(flow: string): { readonly scheduler: ManualScheduler; readonly registry: FlowRegistry } {
  const scheduler = new ManualScheduler(Date.UTC(2024, 0, 1));
  const registry = new FlowRegistry({ wallClock: () => scheduler.now() });
  registry.createFlow({ name: flow });
  registry.createVersion(flow);
  registry.createVersion(flow);
  registry.createAlias(flow, { name: 'live', routing: [{ version: '1', weight: 100 }] });
  return { scheduler, registry };
}
