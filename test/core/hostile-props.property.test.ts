/**
 * Hostile-input property test (issue 12): for every construct, props mutated by hostile generators
 * (test/helpers/hostile.ts) either give a KubeHardenValidationError, or render objects that pass PSS restricted
 * (unless acknowledged) and whose audit counts no finding the valid base does not already have; props that hold a
 * class instance or a function (a Map, Set, Date, Promise, Output, ...) never render; cdk8s and Pulumi
 * emit the same objects as the core for a sample of them. `npm run fuzz` raises the number of runs (FUZZ_RUNS).
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { audit, isCounted } from '../../lib/audit';
import * as cdk8s from '../../lib/cdk8s';
import * as core from '../../lib/core';
import { ACKNOWLEDGE_ANNOTATION_PREFIX, K8sObject, KubeHardenValidationError, RESTRICTED_PROFILE } from '../../lib/core';
import * as pulumi from '../../lib/pulumi';
import { pssViolations, podTemplatesOf } from '../conformance/pss';
import { hostile } from '../helpers/hostile';
import * as valid from '../helpers/valid-props';
import { expectSameObjects, renderThreeWays } from '../parity/three-way';

/* eslint-disable @typescript-eslint/no-explicit-any */

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got '${process.env[name]}'`);
  return value;
}

const DEEP = process.env.FUZZ_DEPTH === 'deep';
/** Cases per construct: 1,000 in `npm test`, 20,000 in `npm run fuzz` (FUZZ_DEPTH=deep), or FUZZ_RUNS. */
const RUNS = positiveInteger('FUZZ_RUNS', DEEP ? 20_000 : 1000);
/** Rendered cases per construct also rendered with cdk8s and Pulumi (each takes ~0.2 s). */
const PARITY_SAMPLES = positiveInteger('FUZZ_PARITY_SAMPLES', DEEP ? 10 : 2);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

interface Construct {
  readonly name: string;
  readonly base: unknown;
  /** Renders hostile props with the core (objects, or undefined when the output is not objects). */
  readonly render: (props: any) => K8sObject[] | undefined;
  /** The same with cdk8s and Pulumi, for parity. */
  readonly cdk8s?: (chart: Chart, props: any) => void;
  readonly pulumi?: (props: any, context: core.RenderContext) => void;
}

type Cdk8sClass = new (chart: Chart, id: string, props: any) => unknown;
type PulumiClass = new (name: string, args: any) => unknown;

/** A construct rendered by the core, and by cdk8s and Pulumi for parity. */
function framework(name: string, base: unknown, render: (props: any) => K8sObject[], cdk8sClass: Cdk8sClass, pulumiClass: PulumiClass): Construct {
  return {
    name,
    base,
    render,
    cdk8s: (chart, props) => new cdk8sClass(chart, 'subject', props),
    pulumi: (props, context) => new pulumiClass('subject', { ...props, context }),
  };
}

const PLAIN_POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace: 'shop' }, spec: valid.PLAIN_POD_SPEC };

const CONSTRUCTS: Construct[] = [
  framework('SecureDeployment', valid.VALID_SECURE_DEPLOYMENT, (p) => core.renderSecureDeployment(p), cdk8s.SecureDeployment, pulumi.SecureDeployment),
  framework('PaymentService', valid.VALID_PAYMENT_SERVICE, (p) => core.renderPaymentService(p), cdk8s.PaymentService, pulumi.PaymentService),
  framework('ZeroTrustNamespace', valid.VALID_NAMESPACE, (p) => core.renderZeroTrustNamespace(p), cdk8s.ZeroTrustNamespace, pulumi.ZeroTrustNamespace),
  framework('SandboxRuntimes', valid.VALID_SANDBOX_RUNTIMES, (p) => core.renderSandboxRuntimes(p), cdk8s.SandboxRuntimes, pulumi.SandboxRuntimes),
  framework('ImageSupplyChainPolicy', valid.VALID_IMAGE_POLICY, (p) => core.renderImageSupplyChainPolicy(p), cdk8s.ImageSupplyChainPolicy, pulumi.ImageSupplyChainPolicy),
  framework('RuntimeThreatDetection', valid.VALID_RUNTIME_DETECTION, (p) => core.renderRuntimeThreatDetection(p), cdk8s.RuntimeThreatDetection, pulumi.RuntimeThreatDetection),
  framework('SecurityChaosProbes', valid.VALID_CHAOS_PROBES, (p) => core.renderSecurityChaosProbes(p), cdk8s.SecurityChaosProbes, pulumi.SecurityChaosProbes),
  { name: 'harden options', base: valid.VALID_HARDEN_OPTIONS, render: (p) => [core.hardenObject(PLAIN_POD, p).object] },
  { name: 'CI gate options', base: { ci: 'github', manifestsDir: 'dist' }, render: (p) => void core.renderCiGate(p) },
  { name: 'custom profile', base: RESTRICTED_PROFILE, render: (p) => core.renderSecureDeployment(valid.VALID_SECURE_DEPLOYMENT, {}, p) },
];

/**
 * Whether `value` holds, through own enumerable data (a list's items only), something that is not plain data: a
 * function, or an object that is no list and whose prototype is neither null nor an Object.prototype (of this or
 * another realm: a prototype without one of its own). A copy of its own keys would be something else (a Map's is
 * `{}`): such props are refused.
 */
function holdsNonPlain(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (!Array.isArray(value) && proto !== null && Object.getPrototypeOf(proto) !== null) return true;
  const keys = Array.isArray(value) ? Array.from({ length: value.length }, (_, i) => String(i)) : Object.keys(value);
  return keys.some((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor !== undefined && 'value' in descriptor && holdsNonPlain(descriptor.value, seen);
  });
}

function counted(objects: readonly K8sObject[]): Set<string> {
  return new Set(audit(objects).findings.filter(isCounted).map((f) => f.ruleId));
}

function acknowledges(annotations: Readonly<Record<string, string>>): boolean {
  return Object.keys(annotations).some((k) => k.startsWith(ACKNOWLEDGE_ANNOTATION_PREFIX));
}

const counts: string[] = [];

describe.each(CONSTRUCTS)('hostile props: $name |', (construct) => {
  const baseObjects = construct.render(construct.base);
  const baseFindings = baseObjects === undefined ? new Set<string>() : counted(baseObjects);
  const emitted: unknown[] = [];
  let rejected = 0;

  test(`${RUNS} hostile cases: only KubeHardenValidationError, props holding class instances refused, and whatever renders is hardened`, () => {
    fc.assert(fc.property(hostile(construct.base), (props) => {
      let objects: K8sObject[] | undefined;
      try {
        objects = construct.render(props);
      } catch (error) {
        if (!KubeHardenValidationError.isValidationError(error)) throw error;
        expect(error.problems.length).toBeGreaterThan(0);
        rejected++;
        return;
      }
      // a Map as podLabels used to render as {} (every pod of the namespace): found in review
      expect(holdsNonPlain(props)).toBe(false);
      emitted.push(props);
      if (objects === undefined) return;
      for (const template of podTemplatesOf(objects)) {
        if (!acknowledges(template.annotations)) expect(pssViolations(template.spec, template.annotations)).toEqual([]);
      }
      const extra = [...counted(objects)].filter((id) => !baseFindings.has(id));
      expect(extra).toEqual([]);
    }), { numRuns: RUNS, seed: SEED });
    counts.push(`${construct.name}: ${RUNS} cases, ${rejected} rejected, ${emitted.length} rendered`);
    // The generators reach both sides of the boundary.
    expect(rejected).toBeGreaterThan(RUNS / 10);
    expect(emitted.length).toBeGreaterThan(0);
  }, DEEP ? 3_600_000 : 120_000);

  if (construct.cdk8s !== undefined && construct.pulumi !== undefined) {
    test(`core = cdk8s = Pulumi for ${PARITY_SAMPLES} rendered hostile cases`, async () => {
      for (const props of emitted.slice(0, PARITY_SAMPLES)) {
        const renders = await renderThreeWays({
          name: construct.name,
          core: () => construct.render(props) ?? [],
          cdk8s: (chart) => construct.cdk8s!(chart, props),
          pulumi: (context) => construct.pulumi!(props, context),
        });
        expect(expectSameObjects(renders)).toBeGreaterThan(0);
      }
    }, 600_000);
  }
});

afterAll(() => {
  if (DEEP || process.env.FUZZ_RUNS !== undefined) process.stdout.write(`hostile props: ${counts.join('; ')}\n`);
});
