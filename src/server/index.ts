/**
 * `flow-alias-router/server`: the wire-compatible control plane over HTTP (docs/server.md): the request
 * handler for both dialects and the data plane, and `listen`.
 */
export {
  createHandler,
  type HandlerOptions,
  type ServerOptions,
  type FlowAliasRouterHandler,
} from './handler.js';
export { listen, type ListenOptions, type ListeningServer } from './listen.js';
export type { AccessKey } from './credentials.js';
export type { ServerLimits, RateLimit } from './limits.js';
export type { ServerMetricsOptions } from './observability.js';
