import { isDeepStrictEqual } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { PendingInputs } from './inputs';
import { K8sObject } from '../core/manifest';

/** Stand-ins for one unknown input in one of the two trial renders. */
interface Stand {
  /** What the input is replaced with. */
  readonly value: string;
  /** The strings that mark a value derived from it. */
  readonly marks: readonly string[];
}

const DIGEST_PREFIX = `sha256:${'0'.repeat(48)}`;

/** Whether the input at `path` is an image reference (`image`, `compliantImage`, ...). */
function isImagePath(path: readonly string[]): boolean {
  const last = path[path.length - 1] ?? '';
  return last === 'image' || last.endsWith('Image');
}

/** The first allowed registry of the args, when known (an image stand-in must pass the allow-list). */
function registryOf(args: unknown): string {
  const registries = (args as { allowedRegistries?: unknown } | null)?.allowedRegistries;
  const first = Array.isArray(registries) ? registries[0] : undefined;
  return typeof first === 'string' ? first.replace(/\/+$/, '') : 'registry.invalid';
}

function stand(trial: 'a' | 'b', index: number, path: readonly string[], registry: string): Stand {
  const token = `kh-unknown-${trial}${index}`;
  if (!isImagePath(path)) return { value: token, marks: [token] };
  const digest = `${DIGEST_PREFIX}${(trial === 'a' ? 0xa000 : 0xb000) + index}`.padEnd(71, '0');
  return { value: `${registry}/${token}:${token}@${digest}`, marks: [token, digest.slice('sha256:'.length)] };
}

/** `value` with every string rewritten by `rewrite` (plain data: arrays and own enumerable fields). */
function mapStrings(value: unknown, rewrite: (s: string) => unknown): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, rewrite));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, rewrite)]));
  }
  return value;
}

function replaceAll(text: string, pairs: readonly (readonly [string, string])[]): string {
  return pairs.reduce((s, [from, to]) => s.split(from).join(to), text);
}

/**
 * For a preview in which some inputs are unknown: renders the args twice, each unknown input replaced by a distinct
 * stand-in (a DNS-label token; for an image, a digest-pinned reference from the first allowed registry). When both
 * renders pass validation and differ only by the stand-ins, the objects are the same whatever the values, except
 * for the fields that carry them: those become unknown (`pulumi.unknown`, as the engine shows values known after the
 * update), and the render is returned with them. Returns `undefined` when the unknown values decide more than the
 * fields they land in (validation, names, counts, derived values): the objects cannot be previewed.
 */
export function renderWithUnknowns<R extends { readonly objects: K8sObject[] }>(
  pending: PendingInputs,
  known: readonly boolean[],
  knownValues: readonly unknown[],
  render: (args: unknown) => R,
): R | undefined {
  const registry = registryOf(pending.args);
  const trial = (which: 'a' | 'b') => {
    let next = 0;
    const stands: (Stand | undefined)[] = [];
    const values = pending.paths.map((path, i) => {
      if (known[i]) return knownValues[next++];
      const s = stand(which, i, path, registry);
      stands[i] = s;
      return s.value;
    });
    try {
      return { rendered: render(pending.resolve(values)), stands };
    } catch {
      return undefined;
    }
  };
  const a = trial('a');
  const b = trial('b');
  if (a === undefined || b === undefined) return undefined;
  const pairs = a.stands.flatMap((s, i) => (s === undefined ? [] : s.marks.map((mark, m) => [mark, b.stands[i]!.marks[m]] as const)));
  if (!isDeepStrictEqual(mapStrings(a.rendered, (s) => replaceAll(s, pairs)), mapStrings(b.rendered, (s) => s))) return undefined;
  const marks = pairs.map(([mark]) => mark);
  const withUnknowns = mapStrings(a.rendered, (s) => (marks.some((mark) => s.includes(mark)) ? pulumi.unknown : s)) as R;
  const identity = (o: K8sObject) => [o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace];
  if (withUnknowns.objects.some((o) => identity(o).some(pulumi.isUnknown))) return undefined;
  return withUnknowns;
}
