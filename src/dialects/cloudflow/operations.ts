import { ValidationException } from '../../errors.js';
import { compact } from '../../input/compact.js';
import { checkInteger, checkString, optionalString, readFields } from '../../input/fields.js';
import { compareText, paginate } from '../shared/paging.js';
import type { AnyRegistry } from '../shared/registry.js';
import { renderAlias, renderFlow, renderRouting, type TimeFormat } from './render.js';
import {
  DEFAULT_LIMIT,
  DEFINITION,
  DESCRIPTION,
  MAX_LIMIT,
  NAME_REF,
  NEW_NAME,
  NEXT_TOKEN,
  ROLE_ARN,
  ROUTING_LABELS,
  readRoutingConfigurations,
} from './rules.js';
import type {
  CreateFlowAliasResponse,
  CreateFlowResponse,
  DeleteFlowAliasResponse,
  DescribeFlowAliasResponse,
  DescribeFlowResponse,
  ListFlowAliasesResponse,
  PublishFlowVersionResponse,
  UpdateFlowAliasResponse,
} from './types.js';

/** What every operation needs besides its input: the request's ID (made before anything changes) and the time format. */
export interface CallContext {
  readonly registry: AnyRegistry;
  readonly requestId: string;
  readonly format: TimeFormat;
}

const CREATE_FLOW_KEYS: ReadonlySet<string> = new Set(['Name', 'Definition', 'Description', 'Type', 'RoleArn']);
const DESCRIBE_FLOW_KEYS: ReadonlySet<string> = new Set(['Name']);
const PUBLISH_KEYS: ReadonlySet<string> = new Set(['FlowName', 'Description']);
const CREATE_ALIAS_KEYS: ReadonlySet<string> = new Set(['FlowName', 'Name', 'Description', 'RoutingConfigurations']);
const UPDATE_ALIAS_KEYS = CREATE_ALIAS_KEYS;
const ALIAS_KEYS: ReadonlySet<string> = new Set(['FlowName', 'Name']);
const LIST_KEYS: ReadonlySet<string> = new Set(['FlowName', 'NextToken', 'Limit']);

function flowName(value: unknown): { readonly name: string } {
  return { name: checkString(value, 'FlowName', NAME_REF) };
}

function aliasName(value: unknown): { readonly name: string } {
  return { name: checkString(value, 'Name', NAME_REF) };
}

export async function createFlow(ctx: CallContext, input: unknown): Promise<CreateFlowResponse> {
  const f = readFields(input, '', CREATE_FLOW_KEYS);
  const name = checkString(f.Name, 'Name', NEW_NAME);
  const definition = checkString(f.Definition, 'Definition', DEFINITION);
  const description = optionalString(f.Description, 'Description', DESCRIPTION);
  if (f.Type !== undefined && f.Type !== 'FDL') throw new ValidationException('Type', 'must be FDL');
  const roleArn = optionalString(f.RoleArn, 'RoleArn', ROLE_ARN);
  const record = await ctx.registry.createFlow(compact({ name, description, definition, executionRoleArn: roleArn }));
  return renderFlow(ctx.requestId, record, ctx.format);
}

export async function describeFlow(ctx: CallContext, input: unknown): Promise<DescribeFlowResponse> {
  const f = readFields(input, '', DESCRIBE_FLOW_KEYS);
  const record = await ctx.registry.getFlow({ name: checkString(f.Name, 'Name', NAME_REF) });
  return renderFlow(ctx.requestId, record, ctx.format);
}

/** Publishes the draft as it is: CloudFlow has no prepare step. */
export async function publishFlowVersion(ctx: CallContext, input: unknown): Promise<PublishFlowVersionResponse> {
  const f = readFields(input, '', PUBLISH_KEYS);
  const flow = flowName(f.FlowName);
  const description = optionalString(f.Description, 'Description', DESCRIPTION);
  const record = await ctx.registry.createVersion(flow, compact({ description }));
  return compact<PublishFlowVersionResponse>({
    RequestId: ctx.requestId,
    FlowName: record.name,
    Version: record.version,
    Description: record.description,
    CreatedTime: ctx.format(new Date(record.createdAt)),
  });
}

export async function createFlowAlias(ctx: CallContext, input: unknown): Promise<CreateFlowAliasResponse> {
  const f = readFields(input, '', CREATE_ALIAS_KEYS);
  const flow = flowName(f.FlowName);
  const name = checkString(f.Name, 'Name', NEW_NAME);
  const description = optionalString(f.Description, 'Description', DESCRIPTION);
  const routing = readRoutingConfigurations(f.RoutingConfigurations);
  const record = await ctx.registry.createAlias(flow, compact({ name, description, routing }), { labels: ROUTING_LABELS });
  return compact<CreateFlowAliasResponse>({
    RequestId: ctx.requestId,
    // The flow was found by this name in the write's own transaction: no second read (a race on a shared store).
    FlowName: flow.name,
    Name: record.name,
    Description: record.description,
    RoutingConfigurations: renderRouting(record),
    CreatedTime: ctx.format(new Date(record.createdAt)),
  });
}

/** Changes only the fields present; `FlowName` and `Name` say which alias. */
export async function updateFlowAlias(ctx: CallContext, input: unknown): Promise<UpdateFlowAliasResponse> {
  const f = readFields(input, '', UPDATE_ALIAS_KEYS);
  const flow = flowName(f.FlowName);
  const alias = aliasName(f.Name);
  const description = optionalString(f.Description, 'Description', DESCRIPTION);
  const routing = f.RoutingConfigurations === undefined ? undefined : readRoutingConfigurations(f.RoutingConfigurations);
  const record = await ctx.registry.updateAlias(flow, alias, compact({ description, routing }), { labels: ROUTING_LABELS });
  return { RequestId: ctx.requestId, Alias: renderAlias(record, ctx.format) };
}

export async function describeFlowAlias(ctx: CallContext, input: unknown): Promise<DescribeFlowAliasResponse> {
  const f = readFields(input, '', ALIAS_KEYS);
  const record = await ctx.registry.getAlias(flowName(f.FlowName), aliasName(f.Name));
  return { RequestId: ctx.requestId, Alias: renderAlias(record, ctx.format) };
}

/** The flow's aliases by name (the Bedrock test alias is not listed). */
export async function listFlowAliases(ctx: CallContext, input: unknown): Promise<ListFlowAliasesResponse> {
  const f = readFields(input, '', LIST_KEYS);
  const flow = flowName(f.FlowName);
  const token = optionalString(f.NextToken, 'NextToken', NEXT_TOKEN);
  const limit = f.Limit === undefined ? DEFAULT_LIMIT : checkInteger(f.Limit, 'Limit', 1, MAX_LIMIT);
  const flowId = (await ctx.registry.getFlow(flow)).id;
  const aliases = [...(await ctx.registry.listAliases({ id: flowId }))].sort((a, b) => compareText(a.name, b.name));
  const page = paginate(aliases, (alias) => alias.name, compareText, {
    limit,
    token,
    scope: `cloudflow:aliases:${flowId}`,
    field: 'NextToken',
  });
  return compact<ListFlowAliasesResponse>({
    RequestId: ctx.requestId,
    NextToken: page.nextToken,
    Aliases: page.items.map((alias) => renderAlias(alias, ctx.format)),
  });
}

export async function deleteFlowAlias(ctx: CallContext, input: unknown): Promise<DeleteFlowAliasResponse> {
  const f = readFields(input, '', ALIAS_KEYS);
  await ctx.registry.deleteAlias(flowName(f.FlowName), aliasName(f.Name));
  return { RequestId: ctx.requestId };
}
