import type * as Sdk from '@aws-sdk/client-bedrock-agent';
import { describe, expectTypeOf, it } from 'vitest';
import type { BedrockApi } from '../../../test/all-entries.js';

/**
 * Field names identical to `@aws-sdk/client-bedrock-agent`'s: checked by the type checker (`npm test` runs
 * it first), against the SDK's own command input and output types.
 */

type In<K extends keyof BedrockApi> = NonNullable<Parameters<BedrockApi[K]>[0]>;
type Out<K extends keyof BedrockApi> = Awaited<ReturnType<BedrockApi[K]>>;
type SdkOut<T> = Omit<T, '$metadata'>;

describe('Bedrock dialect shapes', () => {
  it('takes exactly the SDK command inputs', () => {
    expectTypeOf<keyof In<'createFlow'>>().toEqualTypeOf<keyof Sdk.CreateFlowCommandInput>();
    expectTypeOf<keyof In<'updateFlow'>>().toEqualTypeOf<keyof Sdk.UpdateFlowCommandInput>();
    expectTypeOf<keyof In<'getFlow'>>().toEqualTypeOf<keyof Sdk.GetFlowCommandInput>();
    expectTypeOf<keyof In<'deleteFlow'>>().toEqualTypeOf<keyof Sdk.DeleteFlowCommandInput>();
    expectTypeOf<keyof In<'listFlows'>>().toEqualTypeOf<keyof Sdk.ListFlowsCommandInput>();
    expectTypeOf<keyof In<'prepareFlow'>>().toEqualTypeOf<keyof Sdk.PrepareFlowCommandInput>();
    expectTypeOf<keyof In<'createFlowVersion'>>().toEqualTypeOf<keyof Sdk.CreateFlowVersionCommandInput>();
    expectTypeOf<keyof In<'getFlowVersion'>>().toEqualTypeOf<keyof Sdk.GetFlowVersionCommandInput>();
    expectTypeOf<keyof In<'listFlowVersions'>>().toEqualTypeOf<keyof Sdk.ListFlowVersionsCommandInput>();
    expectTypeOf<keyof In<'deleteFlowVersion'>>().toEqualTypeOf<keyof Sdk.DeleteFlowVersionCommandInput>();
    expectTypeOf<keyof In<'createFlowAlias'>>().toEqualTypeOf<keyof Sdk.CreateFlowAliasCommandInput>();
    expectTypeOf<keyof In<'updateFlowAlias'>>().toEqualTypeOf<keyof Sdk.UpdateFlowAliasCommandInput>();
    expectTypeOf<keyof In<'getFlowAlias'>>().toEqualTypeOf<keyof Sdk.GetFlowAliasCommandInput>();
    expectTypeOf<keyof In<'listFlowAliases'>>().toEqualTypeOf<keyof Sdk.ListFlowAliasesCommandInput>();
    expectTypeOf<keyof In<'deleteFlowAlias'>>().toEqualTypeOf<keyof Sdk.DeleteFlowAliasCommandInput>();
  });

  it('answers exactly the SDK command outputs, without $metadata', () => {
    expectTypeOf<keyof Out<'createFlow'>>().toEqualTypeOf<keyof SdkOut<Sdk.CreateFlowCommandOutput>>();
    expectTypeOf<keyof Out<'updateFlow'>>().toEqualTypeOf<keyof SdkOut<Sdk.UpdateFlowCommandOutput>>();
    expectTypeOf<keyof Out<'getFlow'>>().toEqualTypeOf<keyof SdkOut<Sdk.GetFlowCommandOutput>>();
    expectTypeOf<keyof Out<'deleteFlow'>>().toEqualTypeOf<keyof SdkOut<Sdk.DeleteFlowCommandOutput>>();
    expectTypeOf<keyof Out<'listFlows'>>().toEqualTypeOf<keyof SdkOut<Sdk.ListFlowsCommandOutput>>();
    expectTypeOf<keyof Out<'prepareFlow'>>().toEqualTypeOf<keyof SdkOut<Sdk.PrepareFlowCommandOutput>>();
    expectTypeOf<keyof Out<'createFlowVersion'>>().toEqualTypeOf<keyof SdkOut<Sdk.CreateFlowVersionCommandOutput>>();
    expectTypeOf<keyof Out<'getFlowVersion'>>().toEqualTypeOf<keyof SdkOut<Sdk.GetFlowVersionCommandOutput>>();
    expectTypeOf<keyof Out<'listFlowVersions'>>().toEqualTypeOf<keyof SdkOut<Sdk.ListFlowVersionsCommandOutput>>();
    expectTypeOf<keyof Out<'deleteFlowVersion'>>().toEqualTypeOf<keyof SdkOut<Sdk.DeleteFlowVersionCommandOutput>>();
    expectTypeOf<keyof Out<'createFlowAlias'>>().toEqualTypeOf<keyof SdkOut<Sdk.CreateFlowAliasCommandOutput>>();
    expectTypeOf<keyof Out<'updateFlowAlias'>>().toEqualTypeOf<keyof SdkOut<Sdk.UpdateFlowAliasCommandOutput>>();
    expectTypeOf<keyof Out<'getFlowAlias'>>().toEqualTypeOf<keyof SdkOut<Sdk.GetFlowAliasCommandOutput>>();
    expectTypeOf<keyof Out<'listFlowAliases'>>().toEqualTypeOf<keyof SdkOut<Sdk.ListFlowAliasesCommandOutput>>();
    expectTypeOf<keyof Out<'deleteFlowAlias'>>().toEqualTypeOf<keyof SdkOut<Sdk.DeleteFlowAliasCommandOutput>>();
  });

  it('uses the SDK nested shapes, the routing item adding only the extension weight', () => {
    type Summary<K extends 'listFlows' | 'listFlowVersions' | 'listFlowAliases', F extends keyof Out<K>> = NonNullable<Out<K>[F]> extends (infer T)[] ? T : never;
    expectTypeOf<keyof Summary<'listFlows', 'flowSummaries'>>().toEqualTypeOf<keyof Sdk.FlowSummary>();
    expectTypeOf<keyof Summary<'listFlowVersions', 'flowVersionSummaries'>>().toEqualTypeOf<keyof Sdk.FlowVersionSummary>();
    expectTypeOf<keyof Summary<'listFlowAliases', 'flowAliasSummaries'>>().toEqualTypeOf<keyof Sdk.FlowAliasSummary>();
    type Item = Out<'getFlowAlias'>['routingConfiguration'][number];
    expectTypeOf<Exclude<keyof Item, 'weight'>>().toEqualTypeOf<keyof Sdk.FlowAliasRoutingConfigurationListItem>();
    expectTypeOf<keyof NonNullable<Out<'getFlowAlias'>['concurrencyConfiguration']>>().toEqualTypeOf<keyof Sdk.FlowAliasConcurrencyConfiguration>();
    expectTypeOf<keyof NonNullable<Out<'getFlow'>['definition']>>().toEqualTypeOf<keyof Sdk.FlowDefinition>();
    expectTypeOf<keyof Sdk.FlowNode>().toEqualTypeOf<keyof NonNullable<NonNullable<Out<'getFlow'>['definition']>['nodes']>[number]>();
    expectTypeOf<keyof Sdk.FlowConnection>().toEqualTypeOf<keyof NonNullable<NonNullable<Out<'getFlow'>['definition']>['connections']>[number]>();
    expectTypeOf<Out<'getFlowAlias'>['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<Out<'getFlow'>['status']>().toEqualTypeOf<Sdk.FlowStatus>();
  });
});
