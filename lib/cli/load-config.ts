import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { UsageError } from './command';
import { KubeHardenConfig, LoadedConfig } from './config';
import { printable } from '../audit/format/escape';

/** Reading and validating a `.kube-harden.yaml` found by `findConfigFile` (see `config.ts`). */

const NON_BLANK = '\\S';

/** JSON Schema of the config file (draft-07, validated with ajv; unknown keys are errors). */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pack: { type: 'string', minLength: 1 },
    failOn: { type: 'string', enum: ['error', 'warning', 'never'] },
    minScore: { type: 'integer', minimum: 0, maximum: 100 },
    failIfNoObjects: { type: 'boolean' },
    allowedRegistries: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._/-]*)?$' } },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    ignore: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'reason'],
        properties: {
          rule: { type: 'string', pattern: '^[A-Z]+(-[A-Z0-9]+)+$' },
          reason: { type: 'string', pattern: NON_BLANK },
        },
      },
    },
  },
} as const;

/** Most aliases a config file may expand (the yaml package counts each alias by the nodes it brings). */
const MAX_ALIAS_COUNT = 100;

let compiledValidator: ValidateFunction | undefined;

/** The config schema's validator, compiled the first time a config file is read (most runs have none). */
function configValidator(): ValidateFunction {
  compiledValidator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(CONFIG_SCHEMA);
  return compiledValidator;
}

/**
 * Loads and validates a config file. Every problem is reported at once as `file:line: message`
 * (a `UsageError`, exit 2).
 */
export function loadConfig(file: string, cwd: string): LoadedConfig {
  const shown = printable(path.relative(cwd, file).split(path.sep).join('/') || file);
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new UsageError(`${shown}: the config file is not a regular file`);
  if (stat.size > 1024 * 1024) throw new UsageError(`${shown}: the config file is larger than 1 MiB`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${shown}: cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineOf = (offset: number | undefined): number => lineCounter.linePos(offset ?? 0).line;
  if (document.errors.length > 0) {
    throw new UsageError(document.errors.map((e) => `${shown}:${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`).join('\n'));
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // the yaml package refuses an alias bomb here, with a ReferenceError
    throw new UsageError(`${shown}: ${(error as Error).message} (at most ${MAX_ALIAS_COUNT} aliases are expanded)`);
  }
  const validate = configValidator();
  if (!validate(value)) {
    const messages = (validate.errors ?? []).map((error) => {
      const { node, key } = locate(document.contents as Node | null, error);
      return `${shown}:${lineOf(node?.range?.[0])}: ${describe(error, key)}`;
    });
    throw new UsageError([...new Set(messages)].join('\n'));
  }
  const lineOfPath = (...at: (string | number)[]): number => {
    const node = document.getIn(at, true) as Node | undefined;
    return lineOf(node?.range?.[0]);
  };
  return { file, shown, config: value as KubeHardenConfig, lineOf: lineOfPath };
}

/** The YAML node an ajv error points at (the offending key for an unknown property), and the field's path. */
function locate(root: Node | null, error: ErrorObject): { node: Node | null | undefined; key: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const segment of segments) {
    if (isMap(node)) node = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === segment)?.value;
    else if (isSeq(node)) node = node.items[Number(segment)];
    else break;
  }
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  if (extra !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === extra);
    return { node: pair?.key as Node | undefined, key: [...segments, extra].join('.') };
  }
  return { node: node as Node | undefined, key: segments.join('.') };
}

function describe(error: ErrorObject, key: string): string {
  const field = key === '' ? 'the config' : key.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  if (error.keyword === 'additionalProperties') {
    return `${field}: unknown setting (known: ${Object.keys(error.parentSchema?.properties ?? CONFIG_SCHEMA.properties).join(', ')})`;
  }
  if (error.keyword === 'pattern' && field.endsWith('reason')) return `${field}: a reason must not be blank`;
  if (error.keyword === 'enum') return `${field}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${field}: ${error.message ?? 'is invalid'}`;
}
