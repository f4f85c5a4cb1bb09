import { ID_PATTERN } from './rules.js';

/** A flow and an alias named by an alias ARN. */
export interface AliasArnParts {
  readonly flowId: string;
  readonly aliasId: string;
}

/**
 * Builds and reads this registry's ARNs: `arn:aws:bedrock:{region}:{account}:flow/{flowId}` and
 * `.../alias/{aliasId}`. Reading answers `undefined` for any other string, including a well-formed ARN of
 * another region or account: such a resource is not in this registry.
 */
export class Arns {
  private readonly flowPrefix: string;

  constructor(
    readonly region: string,
    readonly account: string,
  ) {
    this.flowPrefix = `arn:aws:bedrock:${region}:${account}:flow/`;
  }

  flow(flowId: string): string {
    return this.flowPrefix + flowId;
  }

  alias(flowId: string, aliasId: string): string {
    return `${this.flowPrefix}${flowId}/alias/${aliasId}`;
  }

  /** The flow ID of one of this registry's flow ARNs. */
  parseFlow(arn: string): string | undefined {
    if (!arn.startsWith(this.flowPrefix)) return undefined;
    const id = arn.slice(this.flowPrefix.length);
    return ID_PATTERN.test(id) ? id : undefined;
  }

  /** The flow and alias IDs of one of this registry's alias ARNs. */
  parseAlias(arn: string): AliasArnParts | undefined {
    if (!arn.startsWith(this.flowPrefix)) return undefined;
    const rest = arn.slice(this.flowPrefix.length);
    const flowId = rest.slice(0, 10);
    const aliasId = rest.slice(17);
    if (rest.length !== 27 || rest.slice(10, 17) !== '/alias/' || !ID_PATTERN.test(flowId) || !ID_PATTERN.test(aliasId)) {
      return undefined;
    }
    return { flowId, aliasId };
  }
}
