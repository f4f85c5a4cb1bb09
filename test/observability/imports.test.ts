import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Runs an ES module in a fresh Node process (on the built package) and answers what it printed. */
function run(script: string): unknown {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, cwd: resolve('.') });
  return JSON.parse(out);
}

/**
 * A resolve hook that refuses @opentelemetry/* and @openfeature/* (an ESM import never shows in require.cache),
 * and the require.cache check for a CommonJS load: together they see either way of loading them.
 */
const GUARD = `
  import { createRequire, register } from 'node:module';
  register(${JSON.stringify(pathToFileURL(resolve('test/observability/refuse-hook.mjs')).href)});`;
const LOADED = `
  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules.@(opentelemetry|openfeature)./.test(f));
  process.stdout.write(JSON.stringify(loaded));`;

describe('observability dependencies are optional', () => {
  it('the guard sees an ESM import of the OpenFeature SDK (the check sees what it checks)', () => {
    const script = `${GUARD}
      const error = await import('@openfeature/server-sdk').then(() => null, (e) => e.message);
      process.stdout.write(JSON.stringify(error));`;
    expect(run(script)).toBe('loaded @openfeature/server-sdk');
  });

  it('importing the package root and using a Router with metrics and events loads neither OpenTelemetry nor OpenFeature', () => {
    const script = `${GUARD}
      const { Router, MemorySource, PrometheusMeter } = await import(${JSON.stringify(resolve('dist/index.js'))});
      const source = new MemorySource();
      source.set('f', 'a', [{ version: '1', weight: 1 }]);
      const meter = new PrometheusMeter();
      const router = new Router({ source, meter, evaluationEvents: { sampleRate: 1 } });
      router.pick('f', 'a');
      meter.render();
      ${LOADED}`;
    expect(run(script)).toEqual([]);
  });

  it('no module of the root imports @opentelemetry or @openfeature (ESM imports do not show in require.cache)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(resolve('dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !f.startsWith('openfeature'));
    // The bundles: every entry, its chunks and the bin (the check reads what it checks).
    expect(files).toContain('index.js');
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((f) => /from\s+['"]@(opentelemetry|openfeature)\//.test(readFileSync(resolve('dist', f), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('flow-alias-router/openfeature resolves through the package exports and loads the OpenFeature SDK', () => {
    const script = `
      const { FlowAliasRouterProvider } = await import('flow-alias-router/openfeature');
      const { OpenFeature } = await import('@openfeature/server-sdk');
      process.stdout.write(JSON.stringify({ provider: typeof FlowAliasRouterProvider, sdk: typeof OpenFeature.getClient }));`;
    expect(run(script)).toEqual({ provider: 'function', sdk: 'function' });
  });
});
