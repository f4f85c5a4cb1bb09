// A module resolve hook (node:module register) that refuses @opentelemetry/* and @openfeature/*: a child
// process that registers it fails on any ESM import of them (test/observability/imports.test.ts).
export async function resolve(specifier, context, next) {
  if (/^@(opentelemetry|openfeature)\//.test(specifier)) throw new Error(`loaded ${specifier}`);
  return next(specifier, context);
}
