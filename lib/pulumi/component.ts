import * as pulumi from '@pulumi/pulumi';
import { ObjectInputs, emitObjects } from './emit';
import { InputProps, PendingInputs, allAsResolved, pathText, pendingInputs } from './inputs';
import { renderWithUnknowns } from './preview';
import { splitOwn } from '../core/boundary';
import { K8sObject, objectKey } from '../core/manifest';
import { RenderContext } from '../core/naming';
import { HardeningProfile } from '../core/profile';

/** What every kube-harden component takes beside its props: what cdk8s reads from the Chart, and the profile. */
export interface ComponentContextArgs {
  /**
   * Default namespace and common labels, as a cdk8s Chart's `namespace` and `labels` (object values win).
   * @default - no default namespace, no common labels
   */
  readonly context?: RenderContext;
  /**
   * The hardening profile every default comes from.
   * @default RESTRICTED_PROFILE
   */
  readonly profile?: HardeningProfile;
}

/**
 * Args of a component: the core props plus `context` and `profile`, where every field, element and nested field may
 * be a `pulumi.Input` (see `DeepInput`).
 */
export type ComponentArgs<P> = InputProps<P & ComponentContextArgs>;

/** What a component renders: its objects, plus what it exposes besides (a ref, names, ...). */
export interface ComponentRender {
  /** The rendered objects, exactly what the children are created from. */
  readonly objects: K8sObject[];
}

/** Renders resolved props with the core (validating them first: the core throws `KubeHardenValidationError`). */
export type CoreRender<P, R extends ComponentRender> = (props: P, context: RenderContext, profile: HardeningProfile | undefined) => R;

/**
 * How a component renders: at once when its args hold no Output or Promise (invalid props throw from the
 * constructor, before anything registers), else once every input has resolved.
 */
export interface RenderPlan<R extends ComponentRender> {
  /**
   * The render, when the args are plain values.
   * @default - none: the args hold inputs (see `pending`)
   */
  readonly now?: R;
  /**
   * The inputs the render waits for, otherwise.
   * @default - none: the args are plain values (see `now`)
   */
  readonly pending?: PendingInputs;
  /** Renders resolved args. */
  readonly render: (args: unknown) => R;
}

/** Splits component args into the core props and the context/profile (which the core takes separately). */
export function splitArgs<P extends object>(args: P & ComponentContextArgs): { props: P; context: RenderContext; profile?: HardeningProfile } {
  if (typeof args !== 'object' || args === null) {
    // Not an object (a JavaScript caller): the core's validation reports it.
    return { props: args, context: {} };
  }
  const { picked: { context, profile }, rest } = splitOwn(args, ['context', 'profile']);
  return { props: rest as P, context: (context ?? {}) as RenderContext, profile: profile as HardeningProfile | undefined };
}

/**
 * Plans the render of `args`: renders plain args right away (so that invalid props throw before the component
 * registers), or finds the Outputs and Promises to wait for.
 */
export function planRender<P extends object, R extends ComponentRender>(args: ComponentArgs<P>, render: CoreRender<P, R>): RenderPlan<R> {
  const renderArgs = (resolved: unknown): R => {
    const { props, context, profile } = splitArgs(resolved as P & ComponentContextArgs);
    return render(props, context, profile);
  };
  const pending = typeof args === 'object' && args !== null ? pendingInputs(args) : undefined;
  return pending ? { pending, render: renderArgs } : { now: renderArgs(args), render: renderArgs };
}

/**
 * A render whose children are registered. Its fields are private, so an Output of it is known even in a preview
 * where some rendered values are unknown: what is derived from it is unknown only where it carries one.
 */
class Emitted<R> {
  readonly #rendered: R;
  readonly #resources: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(rendered: R, resources: ReadonlyMap<string, pulumi.CustomResource>) {
    this.#rendered = rendered;
    this.#resources = resources;
  }

  get rendered(): R {
    return this.#rendered;
  }

  get resources(): ReadonlyMap<string, pulumi.CustomResource> {
    return this.#resources;
  }
}

/** Every field but `apiVersion` and `kind` as a secret (when an input was a secret: any field may derive from it). */
const SECRET_FIELDS: ObjectInputs = (obj) => Object.fromEntries(Object.entries(obj)
  .filter(([field]) => field !== 'apiVersion' && field !== 'kind')
  .map(([field, value]) => [field, pulumi.secret(value)]));

/**
 * The shell of every kube-harden component. It renders with the core once (see `planRender`) and creates one child
 * per object, all of them or none: with Outputs among the args, nothing is created until every input has resolved
 * and the resolved props have passed validation; an invalid value fails the component (its outputs reject with
 * `KubeHardenValidationError`) with no child registered. In a preview where an input is not known yet, no child is
 * registered and the component says so with a warning. Outputs are derived from the render once the children exist,
 * and carry the component as a dependency.
 */
export abstract class KubeHardenComponent<R extends ComponentRender> extends pulumi.ComponentResource {
  private readonly emitted: pulumi.Output<Emitted<R>>;
  /** The render made at construction, when the args were plain values (see `RenderPlan.now`). */
  readonly #renderedNow?: R;
  /** The outputs made so far by `lazyOutput`, by name. */
  readonly #outputs = new Map<string, pulumi.Output<unknown>>();

  /**
   * @param plan the render plan (made in the `super(...)` call, so that plain invalid props throw before anything registers)
   * @param warnings what to warn about once the children exist (e.g. sandbox classes no component defines)
   */
  protected constructor(
    type: string,
    name: string,
    plan: RenderPlan<R>,
    opts: pulumi.ComponentResourceOptions | undefined,
    warnings: (rendered: R) => string[] = () => [],
  ) {
    super(type, name, {}, opts);
    const warn = (rendered: R) => {
      for (const warning of warnings(rendered)) {
        void pulumi.log.warn(warning, this);
      }
    };
    const emit = (rendered: R, waitFor?: pulumi.Output<unknown>, inputs?: ObjectInputs): Emitted<R> => {
      const resources = emitObjects(this, name, rendered.objects, { dependsOn: opts?.dependsOn, waitFor, inputs });
      warn(rendered);
      return new Emitted(rendered, resources);
    };
    let emitted: pulumi.Output<Emitted<R>>;
    if (plan.now !== undefined) {
      // Called from here, not through `emit`: Pulumi records the whole stack of every child (one frame less each).
      const done = new Emitted(plan.now, emitObjects(this, name, plan.now.objects, { dependsOn: opts?.dependsOn }));
      warn(plan.now);
      emitted = this.urn.apply(() => done);
    } else {
      const pending = plan.pending!;
      const emitResolved = () => pending.values.apply(async (values) => {
        const rendered = plan.render(pending.resolve(values));
        return emit(rendered, pending.values, (await pending.secret) ? SECRET_FIELDS : undefined);
      });
      const later = pulumi.output(pending.known).apply((known) => {
        if (known.every(Boolean)) return emitResolved();
        const knownOutputs = pending.outputs.filter((_, i) => known[i]);
        return allAsResolved(knownOutputs).apply(async (knownValues) => {
          const preview = pulumi.runtime.isDryRun() ? renderWithUnknowns(pending, known, knownValues, plan.render) : undefined;
          if (preview === undefined) {
            this.warnUnknown(type, name, pending, known);
            return emitResolved();
          }
          return emit(preview, pending.values, (await pending.secret) ? SECRET_FIELDS : undefined);
        });
      });
      // `apply` lifts an Output returned from its callback: `later` holds the Emitted value itself.
      emitted = this.urn.apply(() => later as unknown as pulumi.Output<Emitted<R>>);
    }
    this.emitted = emitted;
    this.#renderedNow = plan.now;
    if (plan.now === undefined) {
      // Args with inputs may fail to render: every output then rejects with the error, as it is made at once.
      void [this.objects, this.objectKeys, this.resources];
    }
  }

  /** The rendered objects (exactly what the children are created from). */
  public get objects(): pulumi.Output<K8sObject[]> {
    return this.lazyOutput('objects', () => this.derive((r) => r.objects));
  }

  /** Keys of the objects this component created. */
  public get objectKeys(): pulumi.Output<string[]> {
    return this.lazyOutput('objectKeys', () => this.derive((r) => r.objects.map(objectKey)));
  }

  /** The child resources, by object key. */
  public get resources(): pulumi.Output<ReadonlyMap<string, pulumi.CustomResource>> {
    return this.lazyOutput('resources', () => this.emitted.apply((e) => e.resources));
  }

  /**
   * The output `name`, made by `make` the first time it is read (then the same Output on every read): an output
   * nobody reads costs no Output. With args holding inputs, the constructor reads every output at once.
   */
  protected lazyOutput<T>(name: string, make: () => pulumi.Output<T>): pulumi.Output<T> {
    let output = this.#outputs.get(name) as pulumi.Output<T> | undefined;
    if (output === undefined) {
      output = make();
      this.#outputs.set(name, output);
    }
    return output;
  }

  /**
   * An output derived from the render, known once the children are registered (unknown in a preview where it
   * carries a value known only after the update). It depends on the component, so on every child.
   */
  protected derive<T>(select: (rendered: R) => T): pulumi.Output<T> {
    return this.emitted.apply((e) => select(e.rendered));
  }

  /**
   * Registers the component's outputs, plus `objectKeys`: `outputs()`, each derived from the render; or, when the args
   * were plain values (rendered at construction, so every output is known and not secret), `values(rendered)`: the
   * same values as they are, which spares making the Outputs and the engine awaiting and serializing one per field.
   */
  protected registerRenderOutputs(
    outputs: () => Readonly<Record<string, pulumi.Output<unknown>>>,
    values: (rendered: R) => Record<string, unknown>,
  ): void {
    const now = this.#renderedNow;
    this.registerOutputs(now === undefined
      ? { ...outputs(), objectKeys: this.objectKeys }
      : { ...values(now), objectKeys: now.objects.map(objectKey) });
  }

  /** Says why no child is registered in a preview where inputs are unknown (and the objects depend on more than where they land). */
  private warnUnknown(type: string, name: string, pending: PendingInputs, known: readonly boolean[]): void {
    const unknown = pending.paths.filter((_, i) => !known[i]).map(pathText);
    void pulumi.log.warn(`${type} '${name}': ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not known until the update, `
      + 'and the objects depend on more than the fields they land in, so this preview registers none of them (objects '
      + 'created by an earlier update show as deletes here, pulumi/pulumi#16140). The update validates the resolved props '
      + 'and then creates every object, or none.', this);
  }
}
