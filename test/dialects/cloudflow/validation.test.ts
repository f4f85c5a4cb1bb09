import { describe, expect, it } from 'vitest';
import { expectRefused } from '../expect.js';
import { cloudflowFixture, type CloudflowFixture } from './fixtures.js';

type Fixture = CloudflowFixture;
type Case = [string, (f: Fixture) => unknown, { name?: string; field?: string; code?: string; httpStatus?: number }];

const INVALID = { name: 'ValidationException', code: 'InvalidArgument', httpStatus: 400 };
const MISSING = { name: 'ValidationException', code: 'MissingRequiredParams', httpStatus: 400 };

/** A valid CreateFlowAlias request, with `patch` applied. */
function alias(f: Fixture, patch: Record<string, unknown>) {
  return () =>
    f.api.createFlowAlias({ FlowName: 'example-flow-name', Name: 'canary', RoutingConfigurations: [{ Version: '1', Weight: 1 }], ...patch } as never);
}

function routing(f: Fixture, RoutingConfigurations: unknown) {
  return alias(f, { RoutingConfigurations });
}

const cases: Case[] = [
  // names of new aliases and flows: letters, digits, _ and -, starting with a letter or _, 1 to 128
  ['a name of 129 characters', (f) => alias(f, { Name: 'a'.repeat(129) })(), { ...INVALID, field: 'Name' }],
  ['a name with a leading -', (f) => alias(f, { Name: '-canary' })(), { ...INVALID, field: 'Name' }],
  ['a name with a leading digit', (f) => alias(f, { Name: '1canary' })(), { ...INVALID, field: 'Name' }],
  ['a name with a space', (f) => alias(f, { Name: 'can ary' })(), { ...INVALID, field: 'Name' }],
  ['an empty name', (f) => alias(f, { Name: '' })(), { ...INVALID, field: 'Name' }],
  ['a missing name', (f) => alias(f, { Name: undefined })(), { ...MISSING, field: 'Name' }],
  ['a name of the wrong type', (f) => alias(f, { Name: ['canary'] })(), { ...INVALID, field: 'Name' }],
  ['a flow name of 129 characters', (f) => f.api.createFlow({ Name: 'f'.repeat(129), Definition: 'x' }), { ...INVALID, field: 'Name' }],
  ['a missing FlowName', (f) => alias(f, { FlowName: undefined })(), { ...MISSING, field: 'FlowName' }],
  ['a flow that does not exist', (f) => alias(f, { FlowName: 'nope' })(), { name: 'ResourceNotFoundException', code: 'FlowNotExists', httpStatus: 404 }],
  ['a flow name that exists', (f) => f.api.createFlow({ Name: 'example-flow-name', Definition: 'x' }), { name: 'ConflictException', code: 'FlowAlreadyExists', httpStatus: 409 }],
  ['an alias that does not exist', (f) => f.api.describeFlowAlias({ FlowName: 'example-flow-name', Name: 'nope' }), { name: 'ResourceNotFoundException', code: 'AliasNotExists' }],
  // descriptions
  ['a description of 257 characters', (f) => alias(f, { Description: 'd'.repeat(257) })(), { ...INVALID, field: 'Description' }],
  ['a description of the wrong type', (f) => alias(f, { Description: 1 })(), { ...INVALID, field: 'Description' }],
  // RoutingConfigurations: one or two { Version, Weight }
  ['an empty RoutingConfigurations', (f) => routing(f, [])(), { ...INVALID, field: 'RoutingConfigurations' }],
  ['three entries', (f) => routing(f, [{ Version: '1', Weight: 1 }, { Version: '2', Weight: 1 }, { Version: '3', Weight: 1 }])(), { ...INVALID, field: 'RoutingConfigurations' }],
  ['a missing RoutingConfigurations', (f) => routing(f, undefined)(), { ...MISSING, field: 'RoutingConfigurations' }],
  ['RoutingConfigurations as a JSON string (the HTTP layer parses it)', (f) => routing(f, '[{"Version":"1","Weight":1}]')(), { ...INVALID, field: 'RoutingConfigurations' }],
  ['an entry that is not an object', (f) => routing(f, [null])(), { ...INVALID, field: 'RoutingConfigurations[0]' }],
  ['an entry with an unknown field', (f) => routing(f, [{ Version: '1', Weight: 1, Share: 1 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Share' }],
  ['a missing Version', (f) => routing(f, [{ Weight: 1 }])(), { ...MISSING, field: 'RoutingConfigurations[0].Version' }],
  ['Version DRAFT', (f) => routing(f, [{ Version: 'DRAFT', Weight: 1 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Version' }],
  ['Version 0', (f) => routing(f, [{ Version: '0', Weight: 1 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Version' }],
  ['a numeric Version', (f) => routing(f, [{ Version: 1, Weight: 1 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Version' }],
  ['a Version that does not exist', (f) => routing(f, [{ Version: '1', Weight: 1 }, { Version: '9', Weight: 1 }])(), { ...INVALID, field: 'RoutingConfigurations[1].Version' }],
  ['the same Version twice', (f) => routing(f, [{ Version: '1', Weight: 1 }, { Version: '1', Weight: 2 }])(), { ...INVALID, field: 'RoutingConfigurations[1].Version' }],
  ['a missing Weight', (f) => routing(f, [{ Version: '1' }])(), { ...MISSING, field: 'RoutingConfigurations[0].Weight' }],
  ['Weight -1', (f) => routing(f, [{ Version: '1', Weight: 1 }, { Version: '2', Weight: -1 }])(), { ...INVALID, field: 'RoutingConfigurations[1].Weight' }],
  ['Weight 1.5', (f) => routing(f, [{ Version: '1', Weight: 1.5 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Weight' }],
  ['Weight NaN', (f) => routing(f, [{ Version: '1', Weight: Number.NaN }])(), { ...INVALID, field: 'RoutingConfigurations[0].Weight' }],
  ['Weight 2^31', (f) => routing(f, [{ Version: '1', Weight: 2 ** 31 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Weight' }],
  ['Weight 1e300', (f) => routing(f, [{ Version: '1', Weight: 1e300 }])(), { ...INVALID, field: 'RoutingConfigurations[0].Weight' }],
  ['Weight Infinity', (f) => routing(f, [{ Version: '1', Weight: Number.POSITIVE_INFINITY }])(), { ...INVALID, field: 'RoutingConfigurations[0].Weight' }],
  ['Weight as a string', (f) => routing(f, [{ Version: '1', Weight: '30' }])(), { ...INVALID, field: 'RoutingConfigurations[0].Weight' }],
  ['a single entry of weight 0', (f) => routing(f, [{ Version: '1', Weight: 0 }])(), { ...INVALID, field: 'RoutingConfigurations' }],
  ['two entries of weight 0', (f) => routing(f, [{ Version: '1', Weight: 0 }, { Version: '2', Weight: 0 }])(), { ...INVALID, field: 'RoutingConfigurations' }],
  // unknown fields and prototype keys
  ['an unknown field', (f) => alias(f, { Alias: 'x' })(), { ...INVALID, field: 'Alias' }],
  ['a __proto__ field', (f) => f.api.createFlowAlias(JSON.parse('{"FlowName":"example-flow-name","Name":"x","RoutingConfigurations":[{"Version":"1","Weight":1}],"__proto__":{"admin":true}}')), { ...INVALID, field: '__proto__' }],
  ['a constructor field in an entry', (f) => routing(f, [{ Version: '1', Weight: 1, constructor: 1 }])(), { ...INVALID, field: 'RoutingConfigurations[0].constructor' }],
  ['a request that is not an object', (f) => f.api.describeFlow('flow' as never), { ...INVALID, field: 'request' }],
  // UpdateFlowAlias, ListFlowAliases, CreateFlow
  ['an update without Name', (f) => f.api.updateFlowAlias({ FlowName: 'example-flow-name', Description: 'd' } as never), { ...MISSING, field: 'Name' }],
  ['Limit 0', (f) => f.api.listFlowAliases({ FlowName: 'example-flow-name', Limit: 0 }), { ...INVALID, field: 'Limit' }],
  ['Limit 101', (f) => f.api.listFlowAliases({ FlowName: 'example-flow-name', Limit: 101 }), { ...INVALID, field: 'Limit' }],
  ['a NextToken we did not issue', (f) => f.api.listFlowAliases({ FlowName: 'example-flow-name', NextToken: 'token' }), { ...INVALID, field: 'NextToken' }],
  ['a flow without Definition', (f) => f.api.createFlow({ Name: 'other' } as never), { ...MISSING, field: 'Definition' }],
  ['a Definition of 262,145 characters', (f) => f.api.createFlow({ Name: 'other', Definition: 'x'.repeat(262_145) }), { ...INVALID, field: 'Definition' }],
  ['a Type other than FDL', (f) => f.api.createFlow({ Name: 'other', Definition: 'x', Type: 'JSON' as never }), { ...INVALID, field: 'Type' }],
  ['a RoleArn that is not a RAM ARN', (f) => f.api.createFlow({ Name: 'other', Definition: 'x', RoleArn: 'arn:aws:iam::1:role/r' }), { ...INVALID, field: 'RoleArn' }],
  ['an ExecutionMode (not supported)', (f) => f.api.createFlow({ Name: 'other', Definition: 'x', ExecutionMode: 'Express' } as never), { ...INVALID, field: 'ExecutionMode' }],
];

describe('CloudFlow validation', () => {
  it.each(cases)('refuses %s, naming the field, and changes nothing', async (_, call, expected) => {
    const f = await cloudflowFixture();
    await expectRefused(f.registry, () => call(f), expected);
  });

  it('refuses an alias name that exists with AliasAlreadyExists', async () => {
    const f = await cloudflowFixture();
    await alias(f, {})();
    await expectRefused(f.registry, alias(f, { Description: 'again' }), { name: 'ConflictException', code: 'AliasAlreadyExists', httpStatus: 409 });
  });

  it('accepts the boundaries: 128-character and __ names, a 256-character description, weights 0 and 2^31-1', async () => {
    const f = await cloudflowFixture();
    expect((await alias(f, { Name: 'a'.repeat(128) })()).Name).toHaveLength(128);
    expect((await alias(f, { Name: '_a__b-', Description: 'd'.repeat(256) })()).Description).toHaveLength(256);
    expect(
      (
        await routing(f, [
          { Version: '1', Weight: 0 },
          { Version: '2', Weight: 2 ** 31 - 1 },
        ]).call(null)
      ).RoutingConfigurations,
    ).toEqual([
      { Version: '1', Weight: 0 },
      { Version: '2', Weight: 2 ** 31 - 1 },
    ]);
    expect((await f.api.listFlowAliases({ FlowName: 'example-flow-name', Limit: 100 })).Aliases).toHaveLength(3);
    expect((await f.api.createFlow({ Name: `_${'f'.repeat(127)}`, Definition: 'x'.repeat(262_144) })).Name).toHaveLength(128);
  });
});
