import { ValidationException } from '../errors.js';
import { ACCOUNT_PATTERN, REGION_PATTERN } from '../registry/options.js';

/** The region and account a store's ARNs use, checked; the defaults are the registry's. */
export function resolveIdentity(options: { readonly region?: unknown; readonly account?: unknown }): {
  readonly region: string;
  readonly account: string;
} {
  const region = options.region ?? 'us-east-1';
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) throw new ValidationException('region', 'must match [a-z0-9-]{1,20}');
  const account = options.account ?? '123456789012';
  if (typeof account !== 'string' || !ACCOUNT_PATTERN.test(account)) throw new ValidationException('account', 'must be 12 digits');
  return { region, account };
}
