import { cloudflowApi, type CloudFlowApiOptions, type RegistryOptions } from '../../../test/all-entries.js';
import { testRegistry } from '../../registry/fixtures.js';

/** CloudFlow's examples show times in UTC+8, to the second: `2025-10-24T14:11:26+08:00`. */
export function utcPlus8(time: Date): string {
  return `${new Date(time.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A registry and its CloudFlow API holding flow `example-flow-name` with versions 1 and 2. */
export async function cloudflowFixture(options: CloudFlowApiOptions = {}, registryOptions: RegistryOptions = {}) {
  const t = await testRegistry(registryOptions);
  const api = cloudflowApi(t.registry, { requestId: () => 'testRequestID', ...options });
  await api.createFlow({ Name: 'example-flow-name', Definition: 'Type: StateMachine\nSpecVersion: v1\n', Description: 'test flow' });
  await api.publishFlowVersion({ FlowName: 'example-flow-name' });
  await api.publishFlowVersion({ FlowName: 'example-flow-name' });
  return { ...t, api };
}

export type CloudflowFixture = Awaited<ReturnType<typeof cloudflowFixture>>;
