import { describe, expect, it } from 'vitest';
import { ResourceNotFoundException, Router } from '../../test/all-entries.js';
import { bedrockFixture } from '../dialects/bedrock/fixtures.js';
import { cloudflowFixture } from '../dialects/cloudflow/fixtures.js';

/** A router built on the registry sees a dialect's change on the very next pick. */
describe('Router on the registry, changed through a dialect', () => {
  it('picks the new version on the first pick after Bedrock UpdateFlowAlias, and not found after DeleteFlowAlias', async () => {
    const f = await bedrockFixture();
    const router = new Router({ source: f.registry, seed: 'bedrock' });
    expect(router.pick('checkout', 'live')).toBe('1');
    expect(router.pick(f.flow.arn, f.alias.arn)).toBe('1');
    await f.api.updateFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id, name: 'live', routingConfiguration: [{ flowVersion: '2' }] });
    expect(router.pick('checkout', 'live')).toBe('2');
    expect(router.pick(f.flow.arn, f.alias.arn)).toBe('2');
    expect(router.pick('checkout', 'TSTALIASID')).toBe('DRAFT');
    await f.api.deleteFlowAlias({ flowIdentifier: f.flow.id, aliasIdentifier: f.alias.id });
    expect(() => router.pick('checkout', 'live')).toThrow(ResourceNotFoundException);
    expect(() => router.pick(f.flow.arn, f.alias.arn)).toThrow(ResourceNotFoundException);
    router.close();
  });

  it('follows a weighted Bedrock alias, and a rename of its flow', async () => {
    const f = await bedrockFixture({ weightedRouting: true });
    const router = new Router({ source: f.registry, seed: 'weighted' });
    expect(router.pick('checkout', 'live')).toBe('1');
    await f.api.updateFlowAlias({
      flowIdentifier: f.flow.id,
      aliasIdentifier: f.alias.id,
      name: 'live',
      routingConfiguration: [
        { flowVersion: '1', weight: 0 },
        { flowVersion: '2', weight: 1 },
      ],
    });
    for (let i = 0; i < 200; i++) expect(router.pick('checkout', 'live')).toBe('2');
    await f.api.updateFlow({ flowIdentifier: f.flow.id, name: 'payments', executionRoleArn: f.flow.executionRoleArn });
    expect(() => router.pick('checkout', 'live')).toThrow(ResourceNotFoundException);
    expect(router.pick('payments', 'live')).toBe('2');
    router.close();
  });

  it('picks the new weights on the first pick after CloudFlow UpdateFlowAlias, and not found after DeleteFlowAlias', async () => {
    const f = await cloudflowFixture();
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'live', RoutingConfigurations: [{ Version: '1', Weight: 100 }, { Version: '2', Weight: 0 }] });
    const router = new Router({ source: f.registry, seed: 'cloudflow' });
    for (let i = 0; i < 50; i++) expect(router.pick('example-flow-name', 'live')).toBe('1');
    await f.api.updateFlowAlias({ FlowName: 'example-flow-name', Name: 'live', RoutingConfigurations: [{ Version: '1', Weight: 0 }, { Version: '2', Weight: 100 }] });
    for (let i = 0; i < 200; i++) expect(router.pick('example-flow-name', 'live')).toBe('2');
    await f.api.deleteFlowAlias({ FlowName: 'example-flow-name', Name: 'live' });
    expect(() => router.pick('example-flow-name', 'live')).toThrow(ResourceNotFoundException);
    router.close();
  });

  it('splits traffic by the CloudFlow weights', async () => {
    const f = await cloudflowFixture();
    await f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'canary', RoutingConfigurations: [{ Version: '1', Weight: 90 }, { Version: '2', Weight: 10 }] });
    const router = new Router({ source: f.registry, seed: 'split' });
    let two = 0;
    for (let i = 0; i < 10_000; i++) if (router.pick('example-flow-name', 'canary') === '2') two++;
    expect(two).toBeGreaterThan(800);
    expect(two).toBeLessThan(1200);
    router.close();
  });
});
