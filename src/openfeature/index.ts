/**
 * `flow-alias-router/openfeature`: the Router as an OpenFeature server provider. Loads
 * `@openfeature/server-sdk` (an optional peer dependency); the package root never does.
 */
export { FlowAliasRouterProvider, parseFlagKey, type FlowAliasRouterProviderOptions } from './provider.js';
