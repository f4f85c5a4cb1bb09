import * as Sdk from '@aws-sdk/client-bedrock-agent';
import { afterAll } from 'vitest';
import { bedrockClient, killStarted, ROLE, startServe, stopServe, type Running } from '../cli/fixtures.js';

afterAll(killStarted);

/** A control-plane replica: `serve --store postgres://…` in its own process, with a Bedrock SDK client. */
export interface Replica {
  readonly running: Running;
  readonly sdk: Sdk.BedrockAgentClient;
  readonly url: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Changes other replicas made reach a replica's pick endpoint within this (its --poll-ms). */
export const POLL_MS = 100;

export async function startReplica(storeUrl: string, extra: readonly string[] = []): Promise<Replica> {
  const running = await startServe(['--store', storeUrl, '--poll-ms', String(POLL_MS), ...extra]);
  const sdk = bedrockClient(running.url);
  return {
    running,
    sdk,
    url: running.url,
    async stop(signal = 'SIGTERM') {
      sdk.destroy();
      return stopServe(running, signal);
    },
  };
}

/** A flow with numbered versions 1..`versions`, made through `sdk`. */
export async function flowWithVersions(sdk: Sdk.BedrockAgentClient, name: string, versions: number): Promise<string> {
  const flow = await sdk.send(new Sdk.CreateFlowCommand({ name, executionRoleArn: ROLE }));
  const id = flow.id as string;
  for (let i = 0; i < versions; i++) {
    await sdk.send(new Sdk.PrepareFlowCommand({ flowIdentifier: id }));
    await sdk.send(new Sdk.CreateFlowVersionCommand({ flowIdentifier: id }));
  }
  return id;
}

/** The routing of `version` as Bedrock writes it (one item, no weight). */
export function routeTo(version: string): Sdk.FlowAliasRoutingConfigurationListItem[] {
  return [{ flowVersion: version }];
}

/** Settles every promise; a rejection becomes its error's name (e.g. `ServiceQuotaExceededException`). */
export async function outcomes(promises: readonly Promise<object>[]): Promise<(Record<string, unknown> | string)[]> {
  return Promise.all(
    promises.map((p) =>
      p.then(
        (value) => value as Record<string, unknown>,
        (error: unknown) => (error as Error).name,
      ),
    ),
  );
}

/** Polls `check` every 20 ms until it holds or `ms` passes; answers whether it held. */
export async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
