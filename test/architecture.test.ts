import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of src/ (docs/architecture.md): the data plane knows nothing of the control plane, the
 * client side nothing of the server, the registry no dialect, the store no rule, and nothing imports the CLI.
 */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  routing: ['router', 'sources', 'registry', 'dialects', 'server', 'stores', 'cli', 'wire'],
  random: ['router', 'sources', 'registry', 'dialects', 'server', 'stores', 'cli', 'wire'],
  router: ['registry', 'dialects', 'server', 'stores', 'cli', 'wire', 'openfeature'],
  observability: ['registry', 'dialects', 'server', 'stores', 'cli', 'wire', 'sources', 'openfeature'],
  openfeature: ['registry', 'dialects', 'server', 'stores', 'cli', 'wire', 'sources'],
  sources: ['registry', 'dialects', 'server', 'stores', 'cli'],
  wire: ['router', 'sources', 'registry', 'dialects', 'server', 'stores', 'cli'],
  input: ['router', 'sources', 'registry', 'dialects', 'server', 'stores', 'cli', 'wire'],
  rollout: ['router', 'sources', 'registry', 'dialects', 'server', 'stores', 'cli', 'wire'],
  registry: ['dialects', 'server', 'cli', 'wire'],
  stores: ['registry/operations', 'registry/registry.ts', 'dialects', 'server', 'cli', 'wire'],
  dialects: ['server', 'stores', 'cli', 'wire'],
  server: ['cli', 'openfeature'],
};

const SRC = join(import.meta.dirname, '..', 'src');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => relative(SRC, normalize(join(dirname(file), (m[1] ?? m[2]) as string))).replace(/\.js$/, '.ts'));
}

describe('src/ layering', () => {
  const files = sources(SRC);

  it('reads every import of every file (the check sees what it checks)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(importsOf(join(SRC, 'sources', 'http.ts'))).toContain('wire/sigv4-signer.ts');
  });

  it.each(Object.entries(FORBIDDEN))('%s/ imports none of its forbidden parts', (part, forbidden) => {
    const offending = files
      .filter((file) => relative(SRC, file).startsWith(`${part}/`))
      .flatMap((file) => importsOf(file).filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`))).map((t) => `${relative(SRC, file)} -> ${t}`));
    expect(offending).toEqual([]);
  });
});
