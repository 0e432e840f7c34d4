import { CheckedInputs, ownData, withBoundary } from './boundary';
import { K8sObject, finalizeObjects } from './manifest';
import { RenderContext, workloadLabels } from './naming';
import { HardeningProfile, RESTRICTED_PROFILE, ResourceQuantities } from './profile';
import { RUNTIME_NAMES, runtimeOfHandler } from './runtime-handlers';
import { SENSITIVITIES, SENSITIVITY_LABEL, Sensitivity } from './sensitivity';
import { Problems, checkDnsLabel, checkDnsSubdomain, checkInteger } from './validation';
import { checkLabelMap, checkQuantity } from './values';

/** A sandbox runtime that has a RuntimeClass (runc is the cluster default and needs none). */
export type SandboxRuntimeClass = 'gvisor' | 'kata';

/** The class names workloads refer to: take them from a `SandboxRuntimes` so that the names exist. */
export interface SandboxRuntimesRef {
  /** RuntimeClass `metadata.name` per sandbox runtime. */
  readonly runtimeClassNames: Readonly<Record<SandboxRuntimeClass, string>>;
  /** PriorityClass `metadata.name` per tier. */
  readonly priorityClassNames: Readonly<Record<Sensitivity, string>>;
}

/** The profile's documented default class names (what a `SandboxRuntimes` with no props defines). */
export function defaultSandboxRuntimesRef(profile: HardeningProfile = RESTRICTED_PROFILE): SandboxRuntimesRef {
  return {
    runtimeClassNames: { gvisor: profile.runtimeClasses.gvisor.name, kata: profile.runtimeClasses.kata.name },
    priorityClassNames: {
      low: profile.tiers.low.priorityClassName,
      medium: profile.tiers.medium.priorityClassName,
      high: profile.tiers.high.priorityClassName,
      critical: profile.tiers.critical.priorityClassName,
    },
  };
}

/** A node taint a sandbox's pods tolerate. */
export interface RuntimeToleration {
  /** Taint key. */
  readonly key: string;
  /**
   * `Equal` (key and value match) or `Exists` (key matches).
   * @default 'Equal'
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * Taint value (only with `Equal`).
   * @default - none
   */
  readonly value?: string;
  /**
   * Taint effect tolerated.
   * @default - every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One RuntimeClass: name, CRI handler, fixed per-pod overhead and the nodes that run it. */
export interface RuntimeClassOptions {
  /**
   * RuntimeClass `metadata.name` (what pods name in `runtimeClassName`).
   * @default - the profile's `runtimeClasses.<runtime>.name` (`gvisor`, `kata`)
   */
  readonly name?: string;
  /**
   * CRI handler configured on the nodes (lowercase DNS label, immutable once created). A handler known to run no
   * sandbox (`runc`, `crun`, `youki`, `nvidia`...) or the other sandbox (`runsc`, `kata-*`) is refused.
   * @default - the profile's `runtimeClasses.<runtime>.handler` (`runsc`, `kata-qemu`)
   */
  readonly handler?: string;
  /**
   * `overhead.podFixed`: added to every pod's requests by the RuntimeClass admission plugin.
   * @default - the profile's `runtimeClasses.<runtime>.podFixedOverhead` (gVisor 100m/64Mi: measure yours; Kata kata-qemu 250m/160Mi)
   */
  readonly overhead?: Partial<ResourceQuantities>;
  /**
   * `scheduling.nodeSelector`: merged into the pods' nodeSelector (e.g. `katacontainers.io/kata-runtime: "true"`).
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * `scheduling.tolerations`: appended to the pods' tolerations.
   * @default - none
   */
  readonly tolerations?: readonly RuntimeToleration[];
}

/** One PriorityClass of a tier. */
export interface PriorityClassOptions {
  /**
   * PriorityClass `metadata.name`.
   * @default - the profile's `tiers.<tier>.priorityClassName`
   */
  readonly name?: string;
  /**
   * Priority value (higher is scheduled first and preempts lower); above the value of the tier below.
   * @default - the profile's `tiers.<tier>.priorityValue`
   * @asType integer
   * @minimum -2147483648
   * @maximum 1000000000
   */
  readonly value?: number;
}

/** Props of `SandboxRuntimes`: the cluster's sandbox RuntimeClasses and one PriorityClass per tier. */
export interface SandboxRuntimesProps {
  /**
   * The gVisor RuntimeClass.
   * @default - profile defaults (name `gvisor`, handler `runsc`)
   */
  readonly gvisor?: RuntimeClassOptions;
  /**
   * The Kata Containers RuntimeClass.
   * @default - profile defaults (name `kata`, handler `kata-qemu`, overhead 250m / 160Mi)
   */
  readonly kata?: RuntimeClassOptions;
  /**
   * PriorityClasses by tier.
   * @default - profile defaults (`kube-harden-<tier>`)
   */
  readonly priorityClasses?: { readonly [tier in Sensitivity]?: PriorityClassOptions };
}

/**
 * Refuses a handler known to run another runtime than the class's: a non-sandbox one (runc, crun...) would run the
 * class's pods on the node's kernel, and the other sandbox's would give them the wrong isolation. A handler of no
 * known runtime (a name the nodes chose) is accepted: only the nodes' configuration says what it runs.
 */
function checkHandlerRuntime(problems: Problems, runtime: SandboxRuntimeClass, field: string, handler: unknown): void {
  const runs = typeof handler === 'string' ? runtimeOfHandler(handler) : undefined;
  if (runs === undefined || runs === runtime) return;
  const name = RUNTIME_NAMES[runtime];
  const message = runs === 'runc'
    ? `runs no sandbox: the ${name} RuntimeClass's pods would share the node's kernel`
    : `is a ${RUNTIME_NAMES[runs]} handler: the ${name} RuntimeClass's pods would run in ${RUNTIME_NAMES[runs]}`;
  problems.add(field, handler, message, `give the handler the nodes configure for ${name} (by default '${RESTRICTED_PROFILE.runtimeClasses[runtime].handler}'); `
    + "a workload that must run without a sandbox sets runtime: 'runc' with acknowledgement KH-SBX-001 instead.");
}

function resolveRuntimeClass(
  runtime: SandboxRuntimeClass,
  options: RuntimeClassOptions | undefined,
  profile: HardeningProfile,
  problems: Problems,
): Record<string, unknown> {
  const defaults = profile.runtimeClasses[runtime];
  const field = runtime;
  const name = options?.name ?? defaults.name;
  const handler = options?.handler ?? defaults.handler;
  const cpu = options?.overhead?.cpu ?? defaults.podFixedOverhead.cpu;
  const memory = options?.overhead?.memory ?? defaults.podFixedOverhead.memory;
  checkDnsSubdomain(problems, `${field}.name`, name);
  checkDnsLabel(problems, `${field}.handler`, handler);
  checkHandlerRuntime(problems, runtime, options?.handler === undefined ? `profile.runtimeClasses.${field}.handler` : `${field}.handler`, handler);
  checkQuantity(problems, `${field}.overhead.cpu`, cpu);
  checkQuantity(problems, `${field}.overhead.memory`, memory);
  checkLabelMap(problems, `${field}.nodeSelector`, options?.nodeSelector);
  (options?.tolerations ?? []).forEach((t, i) => {
    const at = `${field}.tolerations[${i}]`;
    if (typeof t.key !== 'string' || t.key.length === 0) {
      problems.add(`${at}.key`, t.key, 'is empty', 'give the taint key the sandbox nodes carry.');
    }
    if (t.operator === 'Exists' && t.value !== undefined) {
      problems.add(`${at}.value`, t.value, "must be absent with operator 'Exists'", "remove 'value' or use operator 'Equal'.");
    }
  });
  const tolerations = options?.tolerations?.map((t) => ({ key: t.key, operator: t.operator ?? 'Equal', value: t.value, effect: t.effect }));
  const hasScheduling = options?.nodeSelector !== undefined || tolerations !== undefined;
  return {
    name,
    handler,
    overhead: { podFixed: { cpu, memory } },
    scheduling: hasScheduling ? { nodeSelector: options?.nodeSelector && { ...options.nodeSelector }, tolerations } : undefined,
  };
}

/** Whether `value` is a value a PriorityClass may have (checkInteger reports the others). */
function isPriorityValue(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= -2147483648 && (value as number) <= 1000000000;
}

/**
 * Refuses tier values that do not rise with the tier: the scheduler only sees values, so a tier whose class is not
 * above the one below it would not outrank less sensitive pods (and KH-WKL-007 judges a pod's class by its value).
 */
function checkPriorityOrder(problems: Problems, props: SandboxRuntimesProps, priorities: readonly { tier: Sensitivity; value: unknown }[]): void {
  for (let i = 1; i < priorities.length; i++) {
    const { tier, value } = priorities[i];
    const below = priorities[i - 1];
    if (isPriorityValue(value) && isPriorityValue(below.value) && value <= below.value) {
      const field = props.priorityClasses?.[tier]?.value === undefined ? `profile.tiers.${tier}.priorityValue` : `priorityClasses.${tier}.value`;
      problems.add(field, value, `is not above the '${below.tier}' tier's ${below.value}: the tier's pods would not outrank less sensitive ones`,
        `give every tier a higher value than the tier below (by default ${SENSITIVITIES.map((t) => RESTRICTED_PROFILE.tiers[t].priorityValue).join(' < ')}).`);
    }
  }
}

const SUBJECT_LABELS = { name: 'sandbox-runtimes', appName: 'kube-harden', component: 'sandbox' };

/** Resolves the class names a `SandboxRuntimes` with `props` defines (no validation). */
export function sandboxRuntimesRef(rawProps: SandboxRuntimesProps = {}, profile: HardeningProfile = RESTRICTED_PROFILE): SandboxRuntimesRef {
  const props = (ownData(rawProps, new Problems(), 'props') ?? {}) as SandboxRuntimesProps;
  const defaults = defaultSandboxRuntimesRef(profile);
  const priority = (tier: Sensitivity): string => props.priorityClasses?.[tier]?.name ?? defaults.priorityClassNames[tier];
  return {
    runtimeClassNames: {
      gvisor: props.gvisor?.name ?? defaults.runtimeClassNames.gvisor,
      kata: props.kata?.name ?? defaults.runtimeClassNames.kata,
    },
    priorityClassNames: { low: priority('low'), medium: priority('medium'), high: priority('high'), critical: priority('critical') },
  };
}

/**
 * Renders the sandbox RuntimeClasses (`node.k8s.io/v1`: gVisor handler `runsc`, Kata handler `kata-qemu`)
 * with `overhead.podFixed` and `scheduling`, and one PriorityClass (`scheduling.k8s.io/v1`) per tier, labelled
 * `kube-harden.io/sensitivity: <tier>` (the audit's KH-WKL-007 reads which class is a tier's). All objects are
 * cluster-scoped. A handler known to run no sandbox (runc, crun...: `NON_SANDBOX_HANDLERS`) or the other sandbox is refused.
 */
export function renderSandboxRuntimes(
  props: SandboxRuntimesProps = {},
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return withBoundary('SandboxRuntimes', 'SandboxRuntimesProps', { props, context, profile },
    (inputs: CheckedInputs<SandboxRuntimesProps>) => renderCheckedSandboxRuntimes(inputs.props, inputs.context, inputs.profile));
}

/** Renders inputs that passed the boundary (see `renderSandboxRuntimes`). */
function renderCheckedSandboxRuntimes(props: SandboxRuntimesProps, context: RenderContext, profile: HardeningProfile): K8sObject[] {
  const problems = new Problems();
  const runtimes = (['gvisor', 'kata'] as const).map((runtime) => resolveRuntimeClass(runtime, props[runtime], profile, problems));
  if (runtimes[0].name === runtimes[1].name) {
    problems.add('kata.name', runtimes[1].name, 'is the same as the gVisor RuntimeClass name', 'give the two RuntimeClasses different names.');
  }
  const ref = sandboxRuntimesRef(props, profile);
  const priorities = SENSITIVITIES.map((tier) => {
    const value = props.priorityClasses?.[tier]?.value ?? profile.tiers[tier].priorityValue;
    checkDnsSubdomain(problems, `priorityClasses.${tier}.name`, ref.priorityClassNames[tier]);
    checkInteger(problems, `priorityClasses.${tier}.value`, value, -2147483648, 1000000000);
    return { tier, name: ref.priorityClassNames[tier], value };
  });
  checkPriorityOrder(problems, props, priorities);
  if (new Set(priorities.map((p) => p.name)).size !== priorities.length) {
    problems.add('priorityClasses', ref.priorityClassNames, 'names the same PriorityClass for two tiers', 'give every tier its own PriorityClass name.');
  }
  problems.throwIfAny('SandboxRuntimes');

  const labels = workloadLabels(SUBJECT_LABELS, context.labels);
  return finalizeObjects([
    ...runtimes.map(({ name, ...spec }) => ({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: name as string, labels },
      ...spec,
    })),
    ...priorities.map((p) => ({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: p.name, labels: { ...labels, [SENSITIVITY_LABEL]: p.tier } },
      value: p.value,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: `kube-harden ${p.tier} sensitivity tier.`,
    })),
  ]);
}

/** Pod fields that name cluster classes: where a pod spec lives in each workload kind. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** PriorityClasses every cluster has. */
const BUILT_IN_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

/** The pod spec of a workload object, when it has one; own properties only (a `kind` of `constructor` is no workload). */
export function podSpecOf(obj: K8sObject): Record<string, unknown> | undefined {
  if (!Object.hasOwn(POD_SPEC_PATHS, obj.kind)) return undefined;
  let node: unknown = obj;
  for (const key of POD_SPEC_PATHS[obj.kind]) {
    node = typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return typeof node === 'object' && node !== null ? node as Record<string, unknown> : undefined;
}

/**
 * Warnings for workloads in `workloads` that name a RuntimeClass or PriorityClass that no object in `defined`
 * defines (the cluster would refuse their pods unless the class exists there already).
 */
export function missingClassReferences(workloads: readonly K8sObject[], defined: readonly K8sObject[]): string[] {
  const runtimeClasses = new Set(defined.filter((o) => o.kind === 'RuntimeClass').map((o) => o.metadata.name));
  const priorityClasses = new Set(defined.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata.name));
  const warnings: string[] = [];
  for (const obj of workloads) {
    const spec = podSpecOf(obj);
    const where = `${obj.kind} '${obj.metadata.namespace ?? ''}/${obj.metadata.name}'`;
    const runtime = spec?.runtimeClassName;
    if (typeof runtime === 'string' && !runtimeClasses.has(runtime)) {
      warnings.push(`${where} uses RuntimeClass '${runtime}', which no SandboxRuntimes in this app defines: add one (or make sure the cluster has it), or the pods are refused.`);
    }
    const priority = spec?.priorityClassName;
    if (typeof priority === 'string' && !priorityClasses.has(priority) && !BUILT_IN_PRIORITY_CLASSES.has(priority)) {
      warnings.push(`${where} uses PriorityClass '${priority}', which no SandboxRuntimes in this app defines: add one (or make sure the cluster has it), or the pods are refused.`);
    }
  }
  return warnings;
}
