import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, MemorySource, PrometheusMeter, Router, ValidationException } from '../../src/index.js';
import { FlowRegistry } from '../../src/registry/index.js';
import { createHandler } from '../../src/server/index.js';
import { prometheusName } from '../../src/observability/prometheus.js';
import { seed, testServers } from '../server/fixtures.js';
import { otelMeter, valueOf } from './otel.js';

const start = testServers();
const TOKEN = 'scrape-token-0123456789';

function memory(): MemorySource {
  const source = new MemorySource();
  source.set('checkout', 'live', [{ version: '1', weight: 80 }, { version: '2', weight: 20 }]);
  return source;
}

describe('PrometheusMeter', () => {
  it('names metrics as the OpenTelemetry Prometheus exporter does', () => {
    expect(prometheusName('flow_alias_router.cache.load_errors')).toBe('flow_alias_router_cache_load_errors');
    expect(prometheusName('feature_flag.result.variant')).toBe('feature_flag_result_variant');
  });

  it('renders the router metrics in the text format, counters with _total, one family per name', () => {
    const meter = new PrometheusMeter();
    const a = new Router({ source: memory(), meter, metrics: { attributes: { router: 'a' } } });
    const b = new Router({ source: memory(), meter, metrics: { attributes: { router: 'b' } } });
    for (let i = 0; i < 10; i++) a.pick('checkout', 'live', `k${i}`);
    b.pick('checkout', 'live');
    const text = meter.render();
    expect(text).toContain('# TYPE flow_alias_router_picks_total counter\n');
    expect(text).toContain('# UNIT flow_alias_router_picks_total {pick}\n');
    expect(text.match(/# TYPE flow_alias_router_picks_total/g)).toHaveLength(1);
    const picks = text.split('\n').filter((line) => line.startsWith('flow_alias_router_picks_total{'));
    const total = (router: string) =>
      picks.filter((l) => l.includes(`router="${router}"`)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(total('a')).toBe(10);
    expect(total('b')).toBe(1);
    expect(text).toMatch(/flow_alias_router_picks_total\{router="a",feature_flag_provider_name="flow-alias-router",flow_alias_router_flow="checkout",feature_flag_result_variant="[12]"\} \d+\n/);
    expect(text).toContain('# TYPE flow_alias_router_cache_size gauge\n');
    a.close();
    b.close();
  });

  it('answers the same values as a real SDK collection', async () => {
    const prometheus = new PrometheusMeter();
    const sdk = otelMeter();
    const source = memory();
    const one = new Router({ source, meter: prometheus, seed: 'same' });
    const two = new Router({ source, meter: sdk.meter, seed: 'same' });
    for (let i = 0; i < 500; i++) {
      one.pick('checkout', 'live');
      two.pick('checkout', 'live');
    }
    const points = (await sdk.collect()).get('flow_alias_router.picks');
    const text = prometheus.render();
    for (const version of ['1', '2']) {
      const line = text.split('\n').find((l) => l.startsWith('flow_alias_router_picks_total{') && l.includes(`variant="${version}"`));
      expect(Number(line?.split(' ').at(-1))).toBe(valueOf(points, { 'feature_flag.result.variant': version }));
    }
    one.close();
    two.close();
  });
});

describe('the server', () => {
  it('serves /metrics in the Prometheus format with a bearer token, counting data-plane picks', async () => {
    const registry = new FlowRegistry();
    await seed(registry);
    const t = await start({ registry, insecureNoAuth: true, metrics: { bearerToken: TOKEN, perAlias: true } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${t.url}/routing/flows/checkout/aliases/live/pick?key=k${i}`)).status).toBe(200);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    const picks = text.split('\n').filter((l) => l.startsWith('flow_alias_router_picks_total{'));
    expect(picks.every((l) => l.includes('feature_flag_key="checkout/live"'))).toBe(true);
    expect(picks.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0)).toBe(3);
    expect(text).toContain('flow_alias_router_cache_loads_total 1\n');
  });

  it('serves no /metrics unless asked, and refuses bad options', async () => {
    const t = await start({ insecureNoAuth: true });
    expect((await fetch(`${t.url}/metrics`)).status).not.toBe(200);
    expect(() => createHandler({ registry: new FlowRegistry(), insecureNoAuth: true, metrics: { path: '/routing/x' } })).toThrow(ValidationException);
    expect(() => createHandler({ registry: new FlowRegistry(), insecureNoAuth: true, metrics: { bearerToken: 'short' } })).toThrow(/bearerToken/);
    expect(() => createHandler({ registry: new FlowRegistry(), insecureNoAuth: true, meter: {} as never })).toThrow(/meter/);
  });

  it('exports the same metrics to an OpenTelemetry meter, beside /metrics', async () => {
    const sdk = otelMeter();
    const registry = new FlowRegistry();
    await seed(registry);
    const t = await start({ registry, insecureNoAuth: true, meter: sdk.meter, metrics: true });
    expect((await fetch(`${t.url}/routing/flows/checkout/aliases/live/pick`)).status).toBe(200);
    const points = (await sdk.collect()).get('flow_alias_router.picks') ?? [];
    expect(points.reduce((sum, p) => sum + p.value, 0)).toBe(1);
    expect(await (await fetch(`${t.url}/metrics`)).text()).toContain('flow_alias_router_picks_total');
  });
});

describe('server events', () => {
  const subscribed: (() => void)[] = [];
  afterEach(() => subscribed.splice(0).forEach((u) => u()));

  it('publishes server:change-applied for every change the registry commits', async () => {
    const seen: unknown[] = [];
    const onMessage = (m: unknown): void => {
      seen.push(m);
    };
    diagnostics.subscribe(CHANNELS.serverChangeApplied, onMessage);
    subscribed.push(() => diagnostics.unsubscribe(CHANNELS.serverChangeApplied, onMessage));
    const registry = new FlowRegistry();
    const t = await start({ registry, insecureNoAuth: true });
    const { alias } = await seed(t.registry);
    await registry.updateAlias('checkout', 'live', { routing: [{ version: '2', weight: 1 }] });
    expect(seen).toContainEqual({ router: null, kind: 'created', identity: alias.arn });
    expect(seen).toContainEqual({ router: null, kind: 'updated', identity: alias.arn });
  });
});
