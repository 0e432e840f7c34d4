/**
 * Offline test harness for Pulumi programs that use `kube-harden/pulumi`: runs a program under
 * `pulumi.runtime.setMocks` and returns every resource it registered with its resolved inputs, plus
 * the Kubernetes manifests (the inputs of every Kubernetes resource). No engine, no cluster, no network.
 */
import * as vm from 'node:vm';
import * as pulumi from '@pulumi/pulumi';
import { forgetCreated } from './registry';
import { K8sObject, canonicalize, compareObjects } from '../core/manifest';

/** One resource the program registered, as the engine would have received it. */
export interface CapturedResource {
  /** Type token, e.g. `kubernetes:apps/v1:Deployment` or `kube-harden:index:SecureDeployment`. */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  /** URN the mock engine gave it. */
  readonly urn: string;
  /** URN of its parent; empty for a top-level resource. */
  readonly parent: string;
  /** URNs of its explicit dependencies (`dependsOn`). */
  readonly dependencies: readonly string[];
  /** Provider reference (`<provider urn>::<id>`); empty when the default provider is used. */
  readonly provider: string;
  /** Whether `protect` is set. */
  readonly protect: boolean;
  /** Whether it is a custom resource (backed by a provider) rather than a component. */
  readonly custom: boolean;
  /** Its inputs, with every Output resolved (unknown values stay unknown in a preview). */
  readonly inputs: Readonly<Record<string, any>>;
  /** What a component registered with `registerOutputs`, resolved; `undefined` when it registered none. */
  readonly outputs?: Readonly<Record<string, any>>;
}

/** What a program registered, and what it returned. */
export interface CapturedProgram<T> {
  /** The program's return value. */
  readonly result: T;
  /** Every registered resource, in registration order. */
  readonly resources: readonly CapturedResource[];
  /** Warnings the program logged with `pulumi.log.warn` (kept out of the console). */
  readonly warnings: readonly string[];
  /**
   * The inputs of every Kubernetes resource (providers excluded): secrets unwrapped, unknowns shown as
   * {@link UNKNOWN}, canonical form, canonical order. Compare them with the core's render.
   */
  readonly manifests: K8sObject[];
}

/** How to run the program. */
export interface CaptureOptions {
  /**
   * Run as a preview (`pulumi preview`), where Outputs may be unknown.
   * @default false
   */
  readonly preview?: boolean;
  /**
   * Project name.
   * @default 'project'
   */
  readonly project?: string;
  /**
   * Stack name.
   * @default 'stack'
   */
  readonly stack?: string;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getProvider(): string;
  getProtect(): boolean | undefined;
  getCustom(): boolean;
}

interface RegisterResponse {
  getUrn(): string;
  getObject(): any;
}

interface RegisterOutputsRequest {
  getUrn(): string;
  getOutputs(): any;
}

interface RecordingMonitor {
  registerResource(req: RegisterRequest, callback: (err: unknown, response?: RegisterResponse) => void): Promise<void>;
  registerResourceOutputs(req: RegisterOutputsRequest, callback: (err: unknown, response?: unknown) => void): void;
}

/** Stands for a value that is unknown during a preview, in {@link CapturedProgram.manifests}. */
export const UNKNOWN = '<unknown during preview>';

/**
 * Runs `program` under Pulumi mocks (each resource's state = its inputs, each call returns its inputs), waits
 * for every registration, and returns what was registered. Rejects with the first error the program raised,
 * including one raised inside an Output (e.g. a `KubeHardenValidationError` for an invalid image Output): while
 * it runs, it takes over the process's unhandled rejections. Mocks are global: run one capture at a time.
 */
export async function capture<T>(program: () => T | Promise<T>, options: CaptureOptions = {}): Promise<CapturedProgram<T>> {
  const run = await runProgram(program, options);
  if (run.errors.length > 0) {
    throw run.errors[0];
  }
  return { result: run.result as T, resources: run.resources, warnings: run.warnings, manifests: manifestsOf(run.resources) };
}

/** What a program that failed registered before and while it failed. */
export interface FailedProgram {
  /** The first error the program raised (thrown, or raised inside an Output). */
  readonly error: unknown;
  /** Every resource it registered, in registration order. */
  readonly resources: readonly CapturedResource[];
  /** Warnings it logged. */
  readonly warnings: readonly string[];
}

/**
 * Runs `program` as {@link capture} does, expecting it to fail: returns its first error with what it registered
 * (e.g. to check that an invalid Output leaves no child resource behind). Rejects when the program succeeds.
 */
export async function captureFailure(program: () => unknown, options: CaptureOptions = {}): Promise<FailedProgram> {
  const run = await runProgram(program, options);
  if (run.errors.length === 0) {
    throw new Error(`the program succeeded and registered ${run.resources.length} resources`);
  }
  return { error: run.errors[0], resources: run.resources, warnings: run.warnings };
}

interface ProgramRun<T> {
  readonly result?: T;
  readonly errors: readonly unknown[];
  readonly resources: readonly CapturedResource[];
  readonly warnings: readonly string[];
}

async function runProgram<T>(program: () => T | Promise<T>, options: CaptureOptions): Promise<ProgramRun<T>> {
  const resources: CapturedResource[] = [];
  await pulumi.runtime.setMocks({
    newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
    call: (args) => args.inputs,
  }, options.project ?? 'project', options.stack ?? 'stack', options.preview ?? false);
  const monitor = pulumi.runtime.getMonitor() as unknown as RecordingMonitor;
  const mocked = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => mocked(req, (err, response) => {
    if (!err && response) {
      resources.push({
        type: req.getType(),
        name: req.getName(),
        urn: response.getUrn(),
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        provider: req.getProvider(),
        protect: req.getProtect() ?? false,
        custom: req.getCustom(),
        inputs: pulumi.runtime.deserializeProperties(response.getObject()),
      });
    }
    callback(err, response);
  });
  const outputsByUrn = new Map<string, Record<string, any>>();
  const mockedOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    const outputs = req.getOutputs();
    outputsByUrn.set(req.getUrn(), outputs ? pulumi.runtime.deserializeProperties(outputs) : {});
    mockedOutputs(req, callback);
  };

  const errors: unknown[] = [];
  const release = takeOverRejections((reason) => {
    if (!errors.includes(reason)) errors.push(reason);
  });
  const warnings: string[] = [];
  const warn = console.warn;
  // Without an engine, `pulumi.log.warn` writes `warning: [runtime] <message>` to console.warn.
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (text.startsWith(RUNTIME_WARNING)) warnings.push(text.slice(RUNTIME_WARNING.length));
    else warn(...args);
  };
  try {
    let result: T | undefined;
    try {
      result = await settle(program, monitor);
    } catch (error) {
      if (!errors.includes(error)) errors.unshift(error);
    }
    const withOutputs = resources.map((r) => (outputsByUrn.has(r.urn) ? { ...r, outputs: outputsByUrn.get(r.urn) } : r));
    return { result, errors, resources: withOutputs, warnings };
  } finally {
    console.warn = warn;
    release();
  }
}

const RUNTIME_WARNING = 'warning: [runtime] ';

/**
 * Routes the process's unhandled rejections to `handler` until the returned function is called, as the Pulumi
 * language host does: a failed Output rejects several internal promises, which would otherwise crash the process
 * or (under jest) fail whichever test runs next. Uses the real `process` even inside a jest sandbox.
 */
function takeOverRejections(handler: (reason: unknown) => void): () => void {
  const real = vm.runInThisContext('process') as NodeJS.Process;
  const previous = real.listeners('unhandledRejection');
  real.removeAllListeners('unhandledRejection');
  real.on('unhandledRejection', handler);
  return () => {
    real.off('unhandledRejection', handler);
    for (const listener of previous) real.on('unhandledRejection', listener);
  };
}

/** Quiet macrotask turns after the last registration before a capture ends (failed Outputs reject a few turns late). */
const SETTLE_TURNS = 5;

/**
 * Runs `program`, waits for every registration, then for rejections of failed Outputs to surface; then forgets what
 * the program created on `monitor` (its own connection, never another capture's).
 */
async function settle<T>(program: () => T | Promise<T>, monitor: object): Promise<T> {
  try {
    return await program();
  } finally {
    await pulumi.runtime.disconnect();
    for (let turn = 0; turn < SETTLE_TURNS; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    forgetCreated(monitor);
  }
}

function manifestsOf(resources: readonly CapturedResource[]): K8sObject[] {
  return resources
    .filter((r) => r.custom && r.type.startsWith('kubernetes:') && !r.type.startsWith('pulumi:providers:'))
    .map((r) => canonicalize(plainValue(r.inputs)) as K8sObject)
    .sort(compareObjects);
}

/** The plain value the provider would apply: secrets unwrapped, unknowns replaced by {@link UNKNOWN}. */
function plainValue(value: unknown): unknown {
  if (pulumi.isUnknown(value)) {
    return UNKNOWN;
  }
  if (pulumi.runtime.isRpcSecret(value)) {
    return plainValue(pulumi.runtime.unwrapRpcSecret(value));
  }
  if (Array.isArray(value)) {
    return value.map(plainValue);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

/** The captured resources of the given type token. */
export function resourcesOfType(program: CapturedProgram<unknown>, type: string): CapturedResource[] {
  return program.resources.filter((r) => r.type === type);
}

/** The manifest of `kind` named `name` (in `namespace` when given); throws when there is none or more than one. */
export function findManifest(manifests: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name
    && (namespace === undefined || m.metadata.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} '${name}'${namespace ? ` in '${namespace}'` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** The value of an Output, or `undefined` when it is unknown (in a preview). Rejects when the Output failed. */
export async function outputValue<T>(output: pulumi.Output<T>): Promise<T | undefined> {
  const internal = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
  const [known, value] = await Promise.all([internal.isKnown, internal.promise()]);
  return known ? value : undefined;
}
