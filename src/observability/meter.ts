/**
 * The part of an OpenTelemetry `Meter` (`@opentelemetry/api` 1.x) the Router uses, typed structurally so the
 * package never imports `@opentelemetry/api`: `metrics.getMeter('my-gateway')` is one, and so is any object
 * with these methods. Only asynchronous (observable) instruments are created: they are read at collection
 * time from the router's own counters, so nothing is recorded per pick (docs/observability.md).
 */

/** Attribute values as OpenTelemetry takes them (the router only uses strings and numbers). */
export type MetricAttributes = Record<string, string | number | boolean>;

/** What the router passes when it creates an instrument. `valueType` 0 is OpenTelemetry's `ValueType.INT`, 1 `DOUBLE`. */
export interface InstrumentOptionsLike {
  readonly description?: string;
  readonly unit?: string;
  readonly valueType?: number;
}

/** An observable instrument, opaque to the router: it is only handed back to `observe`. */
export type ObservableLike = object;

/** `BatchObservableResult`: one observation per call. */
export interface BatchObservableResultLike {
  observe(observable: ObservableLike, value: number, attributes?: MetricAttributes): void;
}

export type BatchObservableCallbackLike = (result: BatchObservableResultLike) => void;

export interface MeterLike {
  createObservableCounter(name: string, options?: InstrumentOptionsLike): ObservableLike;
  createObservableUpDownCounter(name: string, options?: InstrumentOptionsLike): ObservableLike;
  createObservableGauge(name: string, options?: InstrumentOptionsLike): ObservableLike;
  addBatchObservableCallback(callback: BatchObservableCallbackLike, observables: ObservableLike[]): void;
  removeBatchObservableCallback(callback: BatchObservableCallbackLike, observables: ObservableLike[]): void;
}

export function isMeterLike(value: unknown): value is MeterLike {
  if (typeof value !== 'object' || value === null) return false;
  const meter = value as Record<string, unknown>;
  return (
    typeof meter.createObservableCounter === 'function' &&
    typeof meter.createObservableUpDownCounter === 'function' &&
    typeof meter.createObservableGauge === 'function' &&
    typeof meter.addBatchObservableCallback === 'function' &&
    typeof meter.removeBatchObservableCallback === 'function'
  );
}

/** One meter standing for several: each instrument is made on every meter, each callback registered on each. */
export function teeMeter(meters: readonly MeterLike[]): MeterLike {
  if (meters.length === 1) return meters[0] as MeterLike;
  const parts = new WeakMap<ObservableLike, readonly ObservableLike[]>();
  const wrapped = new Map<BatchObservableCallbackLike, BatchObservableCallbackLike[]>();
  const make = (create: (meter: MeterLike) => ObservableLike): ObservableLike => {
    const tee = {};
    parts.set(tee, meters.map(create));
    return tee;
  };
  return {
    createObservableCounter: (name, options) => make((m) => m.createObservableCounter(name, options)),
    createObservableUpDownCounter: (name, options) => make((m) => m.createObservableUpDownCounter(name, options)),
    createObservableGauge: (name, options) => make((m) => m.createObservableGauge(name, options)),
    addBatchObservableCallback(callback, observables) {
      const callbacks = meters.map((meter, i) => {
        const own = observables.map((o) => parts.get(o)?.[i] ?? o);
        const inner: BatchObservableCallbackLike = (result) =>
          callback({ observe: (observable, value, attributes) => result.observe(parts.get(observable)?.[i] ?? observable, value, attributes) });
        meter.addBatchObservableCallback(inner, own);
        return inner;
      });
      wrapped.set(callback, callbacks);
    },
    removeBatchObservableCallback(callback, observables) {
      const callbacks = wrapped.get(callback);
      if (callbacks === undefined) return;
      wrapped.delete(callback);
      meters.forEach((meter, i) => meter.removeBatchObservableCallback(callbacks[i] as BatchObservableCallbackLike, observables.map((o) => parts.get(o)?.[i] ?? o)));
    },
  };
}
