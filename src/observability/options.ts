import { ValidationException } from '../errors.js';
import { checkEvaluationEvents, type EvaluationEventsOptions } from './evaluations.js';
import { isMeterLike, type MeterLike } from './meter.js';
import type { RouterMetricsOptions } from './metrics.js';

/** The Router's observability options, checked (docs/observability.md). */
export interface TelemetryOptions {
  readonly meter: MeterLike | undefined;
  readonly metrics: RouterMetricsOptions;
  readonly evaluationEvents: EvaluationEventsOptions | undefined;
}

export function checkTelemetryOptions(options: { readonly meter?: unknown; readonly metrics?: unknown; readonly evaluationEvents?: unknown }): TelemetryOptions {
  const meter = options.meter;
  if (meter !== undefined && !isMeterLike(meter)) {
    throw new ValidationException('meter', 'must be an OpenTelemetry Meter (observable instruments and batch callbacks)');
  }
  const metrics = options.metrics ?? {};
  if (typeof metrics !== 'object' || metrics === null) throw new ValidationException('metrics', 'must be an object');
  const { perAlias, attributes } = metrics as RouterMetricsOptions;
  if (perAlias !== undefined && typeof perAlias !== 'boolean') throw new ValidationException('metrics.perAlias', 'must be a boolean');
  if (
    attributes !== undefined &&
    (typeof attributes !== 'object' || attributes === null || !Object.values(attributes).every((value) => typeof value === 'string'))
  ) {
    throw new ValidationException('metrics.attributes', 'must be an object of string values');
  }
  if (meter === undefined && options.metrics !== undefined) throw new ValidationException('metrics', 'needs a meter');
  return {
    meter,
    metrics: { ...(perAlias === undefined ? {} : { perAlias }), ...(attributes === undefined ? {} : { attributes: { ...attributes } }) },
    evaluationEvents: checkEvaluationEvents(options.evaluationEvents),
  };
}
