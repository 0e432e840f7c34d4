import { isDeepStrictEqual } from 'node:util';
import { ApiObject, ApiObjectProps, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { deepFreeze, K8sObject } from '../core';
import { plainJsonApplies, sanitizedCopy } from './plain-json';

/** The metadata methods that change an ApiObject's metadata (cdk8s `ApiObjectMetadataDefinition`). */
const METADATA_MUTATORS = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'] as const;

const EMITTED = Symbol('kube-harden.EmittedApiObject');

/**
 * How the audit guard of an app vets the writing of an object it judged (`setWriteCheck`); both throw the guard's
 * errors, as its validation reports them, when the app as it is now has any.
 */
export interface WriteCheck {
  /**
   * Whether the guard is judging the app now: an object read meanwhile (by a `Lazy` that reads another object's
   * JSON) is serialized, not written.
   */
  readonly judging: boolean;
  /**
   * Before the first write after each validation: judges the app again when ApiObjects were added or removed, or the
   * app's resolution changed, since the guard last judged it (a validation that ran after the guard's).
   */
  beforeWrite(): void;
  /** Judges the app again: an object changed since the guard judged it. */
  judgeAgain(): void;
}

const writeChecks = new WeakMap<IConstruct, WriteCheck>();

/** Registers the audit guard's `check` for the app whose root is `root` (once per root). */
export function setWriteCheck(root: IConstruct, check: WriteCheck): void {
  writeChecks.set(root, check);
}

/**
 * The JSON of `apiObject` as cdk8s would synthesize it now, for a reader that does not write it (an audit, `harden`,
 * a validation): an emitted object's `currentJson`, which neither hands out nor re-judges, any other's `toJson`.
 */
export function currentJsonOf(apiObject: ApiObject): K8sObject {
  return EmittedApiObject.isEmitted(apiObject) ? apiObject.currentJson() : apiObject.toJson() as K8sObject;
}

/** The JSON the audit guard judged of an object: at which version, patch count and key order; whether `toJson` handed it out. */
interface Judged {
  readonly json: K8sObject;
  readonly version: number;
  readonly patches: number;
  readonly sorted: boolean;
  handedOut: boolean;
}

/**
 * An ApiObject emitted from a core object. The core object is its props, frozen (one copy of each object, which
 * nobody can change behind the guard's back); its JSON patches and metadata changes are counted (`version`), so
 * the audit guard knows in O(1) whether the object changed since it last judged it.
 *
 * The guard synthesizes the object (`judgedJson`: what cdk8s's own `toJson` gives, resolvers, metadata and patches
 * included, in one copy when the app's resolution leaves plain JSON as it is) and the next `toJson` hands out
 * exactly that JSON, so what the guard judged is what cdk8s writes, without a second serialization. Every later
 * `toJson` of a judged object serializes afresh and writes the result only if it is what the guard judged;
 * otherwise (a Lazy value, a patch value, a resolver or a metadata field changed since, past the counted methods)
 * the guard judges the app again first and throws its errors. The first write after each validation also has the
 * guard judge the app again if ApiObjects were added or removed, or the resolution changed, since it judged it
 * (by a validation that cdk8s ran after the guard's). A change that bypasses the counted methods, made after the
 * guard last judged the object and before that JSON is written, is not in it: what is written is what was judged,
 * and the change is judged and written by the next synth. An object read while the guard judges (by a `Lazy` that
 * reads another object's JSON) is serialized, and nothing is handed out.
 */
export class EmittedApiObject extends ApiObject {
  /**
   * Whether `x` is an EmittedApiObject. (`instanceof` cannot tell: cdk8s's `ApiObject[Symbol.hasInstance]`, which
   * subclasses inherit, answers for any ApiObject.)
   */
  public static isEmitted(x: unknown): x is EmittedApiObject {
    return typeof x === 'object' && x !== null && EMITTED in x;
  }

  public readonly [EMITTED] = true;
  private readonly counter: ChangeCounter = { changes: 0 };
  private judged?: Judged;
  private readonly object: K8sObject;

  constructor(scope: Construct, id: string, object: K8sObject) {
    super(scope, id, deepFreeze(object) as unknown as ApiObjectProps);
    this.object = object;
    countChanges(this.metadata, this.counter);
  }

  /**
   * Counts the changes of this object: it grows with every JSON patch and metadata change made through the
   * object's own methods. (The guard also compares `patchList`, so a patch pushed past them is seen too.)
   */
  public get version(): number {
    return this.counter.changes;
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.counter.changes++;
    super.addJsonPatch(...ops);
  }

  /** cdk8s's own list of this object's JSON patches (however they were added), as it is now. */
  public get patchList(): readonly unknown[] {
    return this.cdk8sPatches() ?? [];
  }

  /** Whether `judged` is of the object as it is now, as far as counting tells: same version, patches and key order. */
  private isCurrent(judged: Judged): boolean {
    return judged.version === this.counter.changes && judged.patches === this.patchList.length && judged.sorted === !process.env.CDK8S_DISABLE_SORT;
  }

  /**
   * The object's final JSON, for the guard to judge: synthesized at most once per version until `toJson` hands it
   * out. Not to be changed.
   */
  public judgedJson(): K8sObject {
    const last = this.judged;
    if (last && !last.handedOut && this.isCurrent(last)) {
      return last.json;
    }
    return this.judge(this.serialize()).json;
  }

  /** The object's JSON as cdk8s would synthesize it now, neither judged nor kept (what an audit outside synth reads). */
  public currentJson(): K8sObject {
    return this.serialize();
  }

  public toJson(): any {
    const check = writeChecks.get(this.node.root);
    if (check?.judging === true) {
      return this.serialize();
    }
    check?.beforeWrite();
    const last = this.judged;
    if (last === undefined) {
      // never judged: no validation of the guard's has seen it (outside synth)
      return this.serialize();
    }
    if (!last.handedOut && this.isCurrent(last)) {
      last.handedOut = true;
      return last.json;
    }
    const json = this.serialize();
    if (!this.isCurrent(last) || !isDeepStrictEqual(json, last.json)) {
      this.judge(json);
      check?.judgeAgain();
    }
    this.judged!.handedOut = true;
    return json;
  }

  /** Records `json` as this object's JSON for the guard to judge (not handed out yet). */
  private judge(json: K8sObject): Judged {
    const judged: Judged = {
      json, version: this.counter.changes, patches: this.patchList.length, sorted: !process.env.CDK8S_DISABLE_SORT, handedOut: false,
    };
    this.judged = judged;
    return judged;
  }

  /** cdk8s's own patch list (a private field of ApiObject that its `toJson` reads), if it is where cdk8s keeps it. */
  private cdk8sPatches(): JsonPatch[] | undefined {
    const patches = (this as unknown as { readonly patches?: unknown }).patches;
    return Array.isArray(patches) ? patches as JsonPatch[] : undefined;
  }

  /**
   * What cdk8s's own `toJson` returns, in one copy of the core object when the app's resolution leaves plain JSON
   * as it is (`plain-json.ts`); cdk8s's `toJson` otherwise (other resolvers, or anything it alone can judge).
   * (Not named `synthesize`: constructs 10.3 refuses a construct with a `synthesize()` method.)
   */
  private serialize(): K8sObject {
    if (!plainJsonApplies(this)) {
      return super.toJson() as K8sObject;
    }
    try {
      // cdk8s's own patch list (whichever way a patch was added), read as cdk8s's toJson reads it
      const patches = this.cdk8sPatches();
      if (patches === undefined) return super.toJson() as K8sObject;
      const json = sanitizedCopy({ ...this.object, metadata: this.metadata.toJson() }, !process.env.CDK8S_DISABLE_SORT) as Record<string, unknown>;
      const patched = patches.length === 0 ? json : JsonPatch.apply(json, ...patches) as Record<string, unknown>;
      // cdk8s's order: apiVersion, kind and metadata first, then the rest.
      const result: Record<string, unknown> = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
        if (key in patched) result[key] = patched[key];
      }
      return result as unknown as K8sObject;
    } catch {
      // Not plain JSON, or a patch that does not apply: cdk8s's own toJson gives its own result or error.
      return super.toJson() as K8sObject;
    }
  }
}

/** How many times an object changed (JSON patches and metadata changes). */
interface ChangeCounter {
  changes: number;
}

/** The counter a metadata object reports its changes to. */
const COUNTER = Symbol('kube-harden.changeCounter');

/** Per metadata prototype, the prototype that counts: its mutators count the change, then apply it. Made once. */
const countingPrototypes = new WeakMap<object, object>();

/**
 * Makes every change of `metadata` (through its mutators, `METADATA_MUTATORS`) count on `counter`: the metadata
 * object gets a prototype (made once per cdk8s metadata class) whose mutators count, then call cdk8s's own, so an
 * emitted object costs one property and no closure.
 */
function countChanges(metadata: object, counter: ChangeCounter): void {
  const proto = Object.getPrototypeOf(metadata) as Record<string, (...args: unknown[]) => unknown>;
  let counting = countingPrototypes.get(proto);
  if (counting === undefined) {
    const made = Object.create(proto) as object;
    for (const method of METADATA_MUTATORS) {
      const original = proto[method];
      Object.defineProperty(made, method, {
        value: function (this: { [COUNTER]: ChangeCounter }, ...args: unknown[]) {
          this[COUNTER].changes++;
          return original.apply(this, args);
        },
      });
    }
    counting = made;
    countingPrototypes.set(proto, made);
  }
  Object.defineProperty(metadata, COUNTER, { value: counter });
  Object.setPrototypeOf(metadata, counting);
}

