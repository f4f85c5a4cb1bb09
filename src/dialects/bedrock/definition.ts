import { ValidationException } from '../../errors.js';
import { checkEnum, checkString, readFields, type StringRule } from '../../input/fields.js';
import { childPath, isPlainObject, readJsonDocument, type JsonValue } from '../../input/json-document.js';

/**
 * The shape of a Bedrock FlowDefinition, per the FlowDefinition, FlowNode, FlowNodeInput, FlowNodeOutput and
 * FlowConnection references: field names, required fields, enums, name patterns and list sizes. A node's
 * `configuration` is a union whose one member must be named after the node's type; the member's content
 * is kept as given (within DEFINITION_LIMITS). What PrepareFlow would check on the service (connections
 * naming existing nodes and ports, conditions, cycles) is not checked here.
 */

const DEFINITION_KEYS: ReadonlySet<string> = new Set(['nodes', 'connections']);
const NODE_KEYS: ReadonlySet<string> = new Set(['name', 'type', 'configuration', 'inputs', 'outputs']);
const INPUT_KEYS: ReadonlySet<string> = new Set(['name', 'type', 'expression', 'category']);
const OUTPUT_KEYS: ReadonlySet<string> = new Set(['name', 'type']);
const CONNECTION_KEYS: ReadonlySet<string> = new Set(['type', 'name', 'source', 'target', 'configuration']);
const DATA_KEYS: ReadonlySet<string> = new Set(['sourceOutput', 'targetInput']);
const CONDITIONAL_KEYS: ReadonlySet<string> = new Set(['condition']);

const NODE_TYPES = [
  'Input',
  'Output',
  'KnowledgeBase',
  'Condition',
  'Lex',
  'Prompt',
  'LambdaFunction',
  'Storage',
  'Agent',
  'Retrieval',
  'Iterator',
  'Collector',
  'InlineCode',
  'Loop',
  'LoopInput',
  'LoopController',
] as const;
const IO_TYPES = ['String', 'Number', 'Boolean', 'Object', 'Array'] as const;
const INPUT_CATEGORIES = ['LoopCondition', 'ReturnValueToLoopStart', 'ExitLoop'] as const;
const CONNECTION_TYPES = ['Data', 'Conditional'] as const;

const NODE_NAME: StringRule = { max: 101, pattern: /^[a-zA-Z]([_]?[0-9a-zA-Z]){1,50}$/ };
const CONNECTION_NAME: StringRule = { max: 201, pattern: /^[a-zA-Z]([_]?[0-9a-zA-Z]){1,100}$/ };
const EXPRESSION: StringRule = { max: 64 };
const MAX_NODES = 40;
const MAX_CONNECTIONS = 20;
const MAX_INPUTS = 20;
const MAX_OUTPUTS = 5;

function list(value: unknown, path: string, max: number): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ValidationException(path, 'must be an array');
  if (value.length > max) throw new ValidationException(path, `must have at most ${max} items`);
  return value;
}

/** A union member: exactly one key, whose value is an object. */
function unionMember(value: unknown, path: string): string {
  if (!isPlainObject(value)) throw new ValidationException(path, 'must be an object');
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) throw new ValidationException(path, 'must have exactly one member (it is a union)');
  if (!isPlainObject(value[key])) throw new ValidationException(childPath(path, key), 'must be an object');
  return key;
}

function checkNode(raw: unknown, path: string): void {
  const node = readFields(raw, path, NODE_KEYS);
  checkString(node.name, `${path}.name`, NODE_NAME);
  const type = checkEnum(node.type, `${path}.type`, NODE_TYPES);
  if (node.configuration !== undefined) {
    const member = unionMember(node.configuration, `${path}.configuration`);
    const expected = type.charAt(0).toLowerCase() + type.slice(1);
    if (member !== expected) {
      throw new ValidationException(childPath(`${path}.configuration`, member), `must be ${expected}, as the node's type is ${type}`);
    }
  }
  list(node.inputs, `${path}.inputs`, MAX_INPUTS).forEach((item, i) => {
    const at = childPath(`${path}.inputs`, i);
    const input = readFields(item, at, INPUT_KEYS);
    checkString(input.name, `${at}.name`, NODE_NAME);
    checkEnum(input.type, `${at}.type`, IO_TYPES);
    checkString(input.expression, `${at}.expression`, EXPRESSION);
    if (input.category !== undefined) checkEnum(input.category, `${at}.category`, INPUT_CATEGORIES);
  });
  list(node.outputs, `${path}.outputs`, MAX_OUTPUTS).forEach((item, i) => {
    const at = childPath(`${path}.outputs`, i);
    const output = readFields(item, at, OUTPUT_KEYS);
    checkString(output.name, `${at}.name`, NODE_NAME);
    checkEnum(output.type, `${at}.type`, IO_TYPES);
  });
}

function checkConnection(raw: unknown, path: string): void {
  const connection = readFields(raw, path, CONNECTION_KEYS);
  const type = checkEnum(connection.type, `${path}.type`, CONNECTION_TYPES);
  checkString(connection.name, `${path}.name`, CONNECTION_NAME);
  checkString(connection.source, `${path}.source`, NODE_NAME);
  checkString(connection.target, `${path}.target`, NODE_NAME);
  if (connection.configuration === undefined) return;
  const at = `${path}.configuration`;
  const member = unionMember(connection.configuration, at);
  const config = connection.configuration as Record<string, unknown>;
  if (member === 'data' && type === 'Data') {
    const data = readFields(config.data, `${at}.data`, DATA_KEYS);
    checkString(data.sourceOutput, `${at}.data.sourceOutput`, NODE_NAME);
    checkString(data.targetInput, `${at}.data.targetInput`, NODE_NAME);
  } else if (member === 'conditional' && type === 'Conditional') {
    const conditional = readFields(config.conditional, `${at}.conditional`, CONDITIONAL_KEYS);
    checkString(conditional.condition, `${at}.conditional.condition`, NODE_NAME);
  } else {
    throw new ValidationException(childPath(at, member), `must be ${type === 'Data' ? 'data' : 'conditional'}, as the connection's type is ${type}`);
  }
}

/** A frozen copy of a FlowDefinition, checked for shape. Throws `ValidationException` naming the path. */
export function readFlowDefinition(value: unknown): JsonValue {
  const copy = readJsonDocument(value, 'definition');
  const definition = readFields(copy, 'definition', DEFINITION_KEYS);
  list(definition.nodes, 'definition.nodes', MAX_NODES).forEach((node, i) => checkNode(node, childPath('definition.nodes', i)));
  list(definition.connections, 'definition.connections', MAX_CONNECTIONS).forEach((connection, i) =>
    checkConnection(connection, childPath('definition.connections', i)),
  );
  return copy;
}
