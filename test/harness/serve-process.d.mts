import type { ChildProcess } from 'node:child_process';

export interface ServeProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT`, as the server printed it. */
  readonly url: string;
  /** Every line written so far, and later ones as they come. */
  readonly stdout: string[];
  readonly stderr: string[];
}

/** Starts `serve --port 0 ARGS` from dist/ and resolves once it prints its address. */
export declare function startServeProcess(
  args: readonly string[],
  options?: { readonly env?: NodeJS.ProcessEnv; readonly echoStderr?: boolean; readonly timeoutMs?: number },
): Promise<ServeProcess>;
