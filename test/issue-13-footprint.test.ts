import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileRouting, MemorySource, Router, stickyHash } from '../test/all-entries.js';
import { selectorOf } from '../src/routing/table.js';

describe('issue 13: tables shared by content, one selection path, memory per cached alias', () => {
  it('tables with the same content are one frozen table; a different order or weight is another', () => {
    const a = compileRouting([{ version: '1', weight: 80 }, { version: '2', weight: 20 }]);
    expect(compileRouting([{ version: '1', weight: 80 }, { version: '2', weight: 20 }])).toBe(a);
    expect(compileRouting([{ version: '2', weight: 20 }, { version: '1', weight: 80 }])).not.toBe(a);
    expect(compileRouting([{ version: '1', weight: 81 }, { version: '2', weight: 20 }])).not.toBe(a);
    expect(compileRouting([{ version: '1', weight: 80 }, { version: '2', weight: 20 }], { selector: 'binary' })).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.keys(a).sort()).toEqual(['entries', 'selector', 'total', 'versions', 'weights']);
  });

  it('pick, explain and selectHash agree for every key: they share one compiled selector', () => {
    const entries = Array.from({ length: 7 }, (_, i) => ({ version: `v${i}`, weight: i + 1 }));
    const source = new MemorySource();
    source.set('f', 'a', entries);
    const router = new Router({ source });
    const table = compileRouting(entries);
    for (let k = 0; k < 2000; k++) {
      const key = `key-${k}`;
      const expected = table.selectHash(stickyHash('f/a', key));
      expect(router.pick('f', 'a', key)).toBe(expected);
      expect(router.explain('f', 'a', key).version).toBe(expected);
    }
    expect(selectorOf(table).versions).toEqual(table.versions);
  });

  it('a cached alias costs under 1 KiB at 2 versions and 2 KiB at 10 (heap and external, 20,000 aliases, stats on)', () => {
    const script = `
      import { MemorySource, Router } from 'flow-alias-router';
      const used = () => { gc(); gc(); const m = process.memoryUsage(); return m.heapUsed + m.external; };
      const out = [];
      for (const n of [2, 10]) {
        const entries = Array.from({ length: n }, (_, i) => ({ version: String(i + 1), weight: i === 0 ? 80 : 20 }));
        const flows = Array.from({ length: 200 }, (_, f) => 'flow-' + String(f).padStart(4, '0'));
        const aliases = Array.from({ length: 100 }, (_, a) => 'alias-' + String(a).padStart(3, '0'));
        const source = new MemorySource();
        for (const f of flows) for (const a of aliases) source.set(f, a, entries);
        const before = used();
        const router = new Router({ source, maxAliases: 20000 });
        for (const f of flows) for (const a of aliases) router.pick(f, a);
        out.push((used() - before) / router.stats().cache.size);
      }
      process.stdout.write(JSON.stringify(out));`;
    const [two, ten] = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })) as number[];
    expect(two).toBeLessThan(1024);
    expect(ten).toBeLessThan(2048);
  });
});
