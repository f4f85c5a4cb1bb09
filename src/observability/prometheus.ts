import type { BatchObservableCallbackLike, InstrumentOptionsLike, MeterLike, MetricAttributes, ObservableLike } from './meter.js';

type Kind = 'counter' | 'updowncounter' | 'gauge';

class Instrument {
  constructor(
    readonly name: string,
    readonly kind: Kind,
    readonly options: InstrumentOptionsLike,
  ) {}
}

interface Registered {
  readonly callback: BatchObservableCallbackLike;
  readonly observables: readonly ObservableLike[];
}

/** Bounds the attribute sets one scrape reports per instrument, as the OpenTelemetry SDK's default cardinality limit. */
export const PROMETHEUS_SERIES_LIMIT = 2000;

const INVALID = /[^a-zA-Z0-9_]/g;
const UNDERSCORES = /_{2,}/g;

/** An OpenTelemetry name as the SDK's Prometheus exporter writes it: every other character becomes `_`. */
export function prometheusName(name: string): string {
  return name.replace(INVALID, '_').replace(UNDERSCORES, '_');
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelsOf(attributes: MetricAttributes): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${prometheusName(key)}="${escapeText(text).replace(/"/g, '\\"')}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function valueText(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * The smallest `MeterLike` that renders the Prometheus text format (0.0.4) on demand: the server's `/metrics`
 * endpoint, with no OpenTelemetry SDK in the process. Each scrape runs the batch callbacks (so it reads the
 * router's counters exactly as an SDK collection does) and writes what they observed, with the names the
 * SDK's Prometheus exporter (`@opentelemetry/exporter-prometheus`) gives the same instruments: `.` becomes
 * `_`, a monotonic counter gains `_total`, attribute names are sanitized the same way. So one set of
 * queries works for both wirings (docs/observability.md).
 */
export class PrometheusMeter implements MeterLike {
  private readonly instruments: Instrument[] = [];
  private readonly callbacks: Registered[] = [];

  createObservableCounter(name: string, options: InstrumentOptionsLike = {}): ObservableLike {
    return this.add(name, 'counter', options);
  }

  createObservableUpDownCounter(name: string, options: InstrumentOptionsLike = {}): ObservableLike {
    return this.add(name, 'updowncounter', options);
  }

  createObservableGauge(name: string, options: InstrumentOptionsLike = {}): ObservableLike {
    return this.add(name, 'gauge', options);
  }

  addBatchObservableCallback(callback: BatchObservableCallbackLike, observables: ObservableLike[]): void {
    this.callbacks.push({ callback, observables: observables.slice() });
  }

  removeBatchObservableCallback(callback: BatchObservableCallbackLike): void {
    const at = this.callbacks.findIndex((r) => r.callback === callback);
    if (at >= 0) this.callbacks.splice(at, 1);
  }

  /** Runs every callback and renders what they observed. A callback that throws is skipped (its instruments report nothing). */
  render(): string {
    const points = new Map<Instrument, Map<string, number>>();
    for (const { callback, observables } of this.callbacks) {
      const allowed = new Set(observables);
      try {
        callback({
          observe: (observable, value, attributes = {}) => {
            if (!(observable instanceof Instrument) || !allowed.has(observable) || !Number.isFinite(value)) return;
            let series = points.get(observable);
            if (series === undefined) points.set(observable, (series = new Map()));
            const labels = labelsOf(attributes);
            if (series.has(labels) || series.size < PROMETHEUS_SERIES_LIMIT) series.set(labels, value);
          },
        });
      } catch {
        // One broken callback must not take the whole scrape down.
      }
    }
    // Grouped by name: two routers on one meter report under one family, as the text format requires.
    const families = new Map<string, { readonly instrument: Instrument; lines: string }>();
    for (const instrument of this.instruments) {
      const series = points.get(instrument);
      if (series === undefined || series.size === 0) continue;
      let name = prometheusName(instrument.name);
      if (instrument.kind === 'counter' && !name.endsWith('_total')) name += '_total';
      let family = families.get(name);
      if (family === undefined) families.set(name, (family = { instrument, lines: '' }));
      for (const [labels, value] of series) family.lines += `${name}${labels} ${valueText(value)}\n`;
    }
    let text = '';
    for (const [name, { instrument, lines }] of families) {
      text += `# HELP ${name} ${escapeText(instrument.options.description ?? instrument.name)}\n`;
      if (instrument.options.unit !== undefined) text += `# UNIT ${name} ${escapeText(instrument.options.unit)}\n`;
      text += `# TYPE ${name} ${instrument.kind === 'counter' ? 'counter' : 'gauge'}\n${lines}`;
    }
    return text === '' ? '# no registered metrics\n' : text;
  }

  private add(name: string, kind: Kind, options: InstrumentOptionsLike): Instrument {
    const instrument = new Instrument(name, kind, options);
    this.instruments.push(instrument);
    return instrument;
  }
}
