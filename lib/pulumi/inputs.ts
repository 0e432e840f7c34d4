import * as pulumi from '@pulumi/pulumi';

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/**
 * `T` where any part may be a `pulumi.Input`: the whole value, each element of a list, each field of an object, at
 * any depth (as the args of pulumi-eks and awsx components). `namespace: ns.metadata.name`,
 * `ports: [{ name: 'http', port: pulumi.output(8080) }]` and `peer: other.ref` all fit.
 */
export type DeepInput<T> = pulumi.Input<T> | DeepInputParts<T>;

/** The structural half of {@link DeepInput}: lists and objects whose parts are inputs (distributes over unions). */
export type DeepInputParts<T> = T extends Primitive
  ? never
  : T extends readonly (infer E)[]
    ? readonly DeepInput<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepInput<T[K]> }
      : never;

/** Props whose every field may be a `pulumi.Input`, at any depth (see {@link DeepInput}). */
export type InputProps<P> = { readonly [K in keyof P]: DeepInput<P[K]> };

/** One Output (or Promise) found inside args, and where. */
interface InputLeaf {
  /** Own-property path from the args to it. */
  readonly path: readonly string[];
  /** The Output or Promise. */
  readonly input: object;
}

/** Args that hold Outputs or Promises, and where they are. */
export interface PendingInputs {
  /** The args as given. */
  readonly args: object;
  /** Where the Outputs and Promises are, as own-property paths from the args. */
  readonly paths: readonly (readonly string[])[];
  /** Each input as an Output of its value as it resolved (never copied by its keys), in the order of `paths`. */
  readonly outputs: readonly pulumi.Output<unknown>[];
  /** Every input's value as it resolved, together; carries the inputs' resources and secrecy. */
  readonly values: pulumi.Output<unknown[]>;
  /** Whether every input is known (false only in a preview, for a value known after the update). */
  readonly known: Promise<boolean[]>;
  /** Whether any input is a secret. */
  readonly secret: Promise<boolean>;
  /** The args with every input replaced by its value (same shape; containers on the way are copied, prototypes kept). */
  readonly resolve: (values: readonly unknown[]) => unknown;
}

function isInput(value: object): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** Collects the Outputs and Promises reachable through own enumerable properties (what validation reads). */
function collect(value: unknown, path: string[], onPath: Set<object>, found: InputLeaf[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (isInput(value)) {
    found.push({ path, input: value });
    return;
  }
  if (onPath.has(value) || pulumi.Resource.isInstance(value)) return;
  onPath.add(value);
  // Array items only (the core reads nothing else of a list); a property that throws when read is left to the core's
  // boundary, which reports it as a KubeHardenValidationError.
  const keys = Array.isArray(value) ? Array.from({ length: value.length }, (_, i) => String(i)) : Object.keys(value);
  for (const key of keys) {
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    collect(item, [...path, key], onPath, found);
  }
  onPath.delete(value);
}

/** A shallow copy with the same prototype and own property descriptors (made configurable, so one can be replaced). */
function copyContainer(original: object): Record<string, unknown> {
  if (Array.isArray(original)) return [...original] as unknown as Record<string, unknown>;
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const descriptor of Object.values(descriptors)) descriptor.configurable = true;
  return Object.create(Object.getPrototypeOf(original), descriptors);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function substitute(args: object, leaves: readonly InputLeaf[], values: readonly unknown[]): unknown {
  if (leaves.length === 1 && leaves[0].path.length === 0) return values[0];
  const copies = new Map<object, Record<string, unknown>>();
  const copyOf = (original: object) => {
    let copy = copies.get(original);
    if (copy === undefined) {
      copy = copyContainer(original);
      copies.set(original, copy);
    }
    return copy;
  };
  const root = copyOf(args);
  leaves.forEach((leaf, index) => {
    let original = args as Record<string, unknown>;
    let target = root;
    for (const key of leaf.path.slice(0, -1)) {
      const child = original[key] as Record<string, unknown>;
      const childCopy = copyOf(child);
      setOwn(target, key, childCopy);
      original = child;
      target = childCopy;
    }
    setOwn(target, leaf.path[leaf.path.length - 1], values[index]);
  });
  return root;
}

/** A path as `a.b[0].c`, for messages. */
export function pathText(path: readonly string[]): string {
  return path.map((key, i) => (/^\d+$/.test(key) ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
  // `isKnown` is the Output's own flag (internal to the SDK's typings, stable since Pulumi 1.0): false in a preview
  // for a value only known after the update.
  return (output as unknown as { readonly isKnown: Promise<boolean> }).isKnown;
}

/** A value in a function, which `pulumi.output` and `pulumi.all` pass through as it is. */
type Box = () => unknown;

function box(value: unknown): Box {
  return () => value;
}

function holdsInputs(value: unknown): boolean {
  const found: InputLeaf[] = [];
  collect(value, [], new Set(), found);
  return found.length > 0;
}

/**
 * An Output of `input`'s value as it resolved. `pulumi.output` and `pulumi.all` copy a resolved object by its own
 * keys (@pulumi/pulumi output.ts `outputRec`): a `Map`, `Date` or class instance would reach validation as a plain
 * object (a `Map` as `{}`), so the value travels boxed. A value that itself holds Outputs or Promises (an `apply`
 * that returned some) is resolved by Pulumi, as before. Resources, secrecy and unknowns are the input's.
 */
function asResolved(input: object): pulumi.Output<unknown> {
  const open = (value: unknown): pulumi.Input<Box> => (holdsInputs(value) ? (pulumi.output(value) as pulumi.Output<unknown>).apply(box) : box(value));
  const boxed = pulumi.output(pulumi.Output.isInstance(input)
    ? (input as pulumi.Output<unknown>).apply(open)
    : (input as Promise<unknown>).then(open)) as pulumi.Output<Box>;
  return boxed.apply((b) => b());
}

/** The values of `outputs` together, each as it resolved (`pulumi.all` would copy objects by their keys). */
export function allAsResolved(outputs: readonly pulumi.Output<unknown>[]): pulumi.Output<unknown[]> {
  return pulumi.all(outputs.map((o) => o.apply(box))).apply((boxes) => boxes.map((b) => b()));
}

/**
 * Finds the Outputs and Promises in `args` (own enumerable properties, any depth). Returns `undefined` when there
 * are none: the args are then plain values, validated as they are, at once.
 */
export function pendingInputs(args: object): PendingInputs | undefined {
  const leaves: InputLeaf[] = [];
  collect(args, [], new Set(), leaves);
  if (leaves.length === 0) return undefined;
  const outputs = leaves.map((leaf) => asResolved(leaf.input));
  return {
    args,
    paths: leaves.map((leaf) => leaf.path),
    outputs,
    values: allAsResolved(outputs),
    // A failed input fails `values` (and the component); these two only describe the others.
    known: Promise.all(outputs.map(isKnown)).catch(() => outputs.map(() => true)),
    secret: Promise.all(outputs.map((o) => pulumi.isSecret(o))).then((flags) => flags.some(Boolean), () => false),
    resolve: (values) => substitute(args, leaves, values),
  };
}
