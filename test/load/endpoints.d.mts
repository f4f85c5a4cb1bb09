import type { ChildProcess } from 'node:child_process';

export interface SignedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
}

export interface Driven {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  readonly errors: number;
  /** The server's CPU time per request, in µs, when `drive` was given its pid on Linux. */
  readonly serverCpuUsPerRequest: number | undefined;
}

export declare function signedGet(url: string): Promise<SignedRequest>;

export declare function startSeededServer(options?: { readonly echoStderr?: boolean }): Promise<{
  readonly url: string;
  readonly child: ChildProcess;
  readonly stop: () => Promise<void>;
  readonly pick: SignedRequest;
  readonly getFlowAlias: SignedRequest;
}>;

export declare function startBareServer(body: string): Promise<{
  readonly url: string;
  readonly child: ChildProcess;
  readonly request: SignedRequest;
  readonly stop: () => Promise<void>;
}>;

export declare function bodyOf(request: SignedRequest): Promise<string>;

export declare function drive(
  request: SignedRequest,
  options: { readonly connections: number; readonly seconds: number; readonly pid?: number | undefined },
): Promise<Driven>;

export declare function seed(url: string): Promise<{ readonly flowId: string; readonly aliasId: string }>;

export declare const KEY: { readonly accessKeyId: string; readonly secretAccessKey: string };
