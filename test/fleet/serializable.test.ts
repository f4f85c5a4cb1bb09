import * as Sdk from '@aws-sdk/client-bedrock-agent';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../harness/postgres.js';
import { propertyRuns } from '../harness/budget.js';
import { pgSkip } from '../stores/pg-context.js';
import { flowWithVersions, routeTo, startReplica, type Replica } from './fixtures.js';
import { serialOrder, type AliasOp, type Outcome } from './serial-order.js';

/** Names that are also valid Bedrock alias identifiers (10 of [0-9A-Za-z]), so update and delete can use them. */
const NAMES = ['ALIASAAAA1', 'ALIASBBBB2'];
const VERSIONS = ['1', '2'];

const op: fc.Arbitrary<AliasOp> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom(...NAMES), version: fc.constantFrom(...VERSIONS) }),
  fc.record({ kind: fc.constant('update' as const), name: fc.constantFrom(...NAMES), version: fc.constantFrom(...VERSIONS) }),
  fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom(...NAMES) }),
);

describe('the serial-order checker', () => {
  it('finds the order of a history that has one, and rejects a history no order explains', () => {
    const create: AliasOp = { kind: 'create', name: 'x', version: '1' };
    const update: AliasOp = { kind: 'update', name: 'x', version: '2' };
    expect(serialOrder([update, create], ['ok', 'ok'], new Map([['x', '2']]))).toEqual([1, 0]);
    // Two creates of one name cannot both succeed (a lost uniqueness check).
    expect(serialOrder([create, create], ['ok', 'ok'], new Map([['x', '1']]))).toBeUndefined();
    // An acknowledged update that the final state does not show (a lost write).
    expect(serialOrder([create, update], ['ok', 'ok'], new Map([['x', '1']]))).toBeUndefined();
  });
});

describe.skipIf(pgSkip !== '')('random concurrent writes through two replicas', () => {
  let drop: () => Promise<void> = async () => undefined;
  let replicas: Replica[] = [];
  beforeAll(async () => {
    const database = await createDatabase(inject('pgUrl'), 'serial');
    drop = database.drop;
    replicas = await Promise.all([startReplica(database.url), startReplica(database.url)]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await drop();
  });

  function send(replica: Replica, flowId: string, operation: AliasOp): Promise<Outcome> {
    const sdk = replica.sdk;
    const call =
      operation.kind === 'create'
        ? sdk.send(new Sdk.CreateFlowAliasCommand({ flowIdentifier: flowId, name: operation.name, routingConfiguration: routeTo(operation.version) }))
        : operation.kind === 'update'
          ? sdk.send(
              new Sdk.UpdateFlowAliasCommand({
                flowIdentifier: flowId,
                aliasIdentifier: operation.name,
                name: operation.name,
                routingConfiguration: routeTo(operation.version),
              }),
            )
          : sdk.send(new Sdk.DeleteFlowAliasCommand({ flowIdentifier: flowId, aliasIdentifier: operation.name }));
    return call.then(
      () => 'ok' as const,
      (error: unknown) => (error as Error).name as Outcome,
    );
  }

  it('leave the store in a state that some serial order of the acknowledged operations produces', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(op, fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 7 }), async (history) => {
        const flowId = await flowWithVersions(replicas[0]!.sdk, `serial-${run++}`, 2);
        const ops = history.map(([operation]) => operation);
        const outcomes = await Promise.all(history.map(([operation, at]) => send(replicas[at]!, flowId, operation)));
        for (const outcome of outcomes) expect(['ok', 'ConflictException', 'ResourceNotFoundException']).toContain(outcome);
        const listed = await replicas[1]!.sdk.send(new Sdk.ListFlowAliasesCommand({ flowIdentifier: flowId, maxResults: 100 }));
        const final = new Map(
          (listed.flowAliasSummaries ?? [])
            .filter((alias) => alias.id !== 'TSTALIASID')
            .map((alias) => [alias.name as string, alias.routingConfiguration?.[0]?.flowVersion as string]),
        );
        expect(serialOrder(ops, outcomes, final), JSON.stringify({ ops, outcomes, final: [...final] })).toBeDefined();
      }),
      { numRuns: propertyRuns(25) },
    );
  }, 120_000);
});
