import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import type { MeterLike } from '../../src/index.js';

/** A reader that collects when told: a real SDK pipeline (MeterProvider, storages, temporality), no timers. */
export class TestReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Point {
  readonly value: number;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A real OpenTelemetry SDK meter and a `collect` that answers each metric's points by name. */
export function otelMeter(): { meter: MeterLike; collect: () => Promise<Map<string, Point[]>>; data: () => Promise<MetricData[]>; provider: MeterProvider } {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  // Compile-time proof the OpenTelemetry Meter is a MeterLike: no cast.
  const meter: MeterLike = provider.getMeter('flow-alias-router-test');
  const data = async (): Promise<MetricData[]> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  };
  const collect = async (): Promise<Map<string, Point[]>> => {
    const byName = new Map<string, Point[]>();
    for (const metric of await data()) {
      byName.set(
        metric.descriptor.name,
        metric.dataPoints.map((p) => ({ value: p.value as number, attributes: p.attributes })),
      );
    }
    return byName;
  };
  return { meter, collect, data, provider };
}

/** The value of the one point whose attributes include `match`, or undefined. */
export function valueOf(points: readonly Point[] | undefined, match: Readonly<Record<string, unknown>> = {}): number | undefined {
  const found = (points ?? []).filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v));
  if (found.length > 1) throw new Error(`${found.length} points match ${JSON.stringify(match)}`);
  return found[0]?.value;
}
