import { expect, it } from 'vitest';
import { FlowRegistry, ResourceNotFoundException, Router, bedrockApi } from '../test/all-entries.js';

it('a router forgets "not found" for a name as soon as an alias is renamed to it (issue 3)', async () => {
  const registry = new FlowRegistry();
  const api = bedrockApi(registry);
  const flow = await api.createFlow({
    name: 'orders',
    executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/flows',
  });
  const alias = await api.createFlowAlias({ flowIdentifier: flow.id, name: 'old-name', routingConfiguration: [{ flowVersion: 'DRAFT' }] });
  const router = new Router({ source: registry, negativeTtlMs: 60_000 });
  expect(() => router.pick(flow.id, 'new-name')).toThrow(ResourceNotFoundException);
  await api.updateFlowAlias({
    flowIdentifier: flow.id,
    aliasIdentifier: alias.id,
    name: 'new-name',
    routingConfiguration: [{ flowVersion: 'DRAFT' }],
  });
  expect(router.pick(flow.id, 'new-name')).toBe('DRAFT');
});
