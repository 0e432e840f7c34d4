import { RESTRICTED_PROFILE } from '../../../core/profile';
import { RUNTIME_NAMES, runtimeOfHandler } from '../../../core/runtime-handlers';
import { SandboxRuntime } from '../../../core/sensitivity';
import { readOf, stringField } from '../../field-types';
import { AuditContext } from '../../rule';

/** What a runtime class runs, and how the rules know it. */
export interface ClassRuntime {
  /** The runtime. */
  readonly runtime: SandboxRuntime;
  /** How a message says it: `its handler 'runsc'`, or `the name of kube-harden's gVisor class`. */
  readonly because: string;
}

/** Whether the RuntimeClass `name` is part of the audit. */
export function runtimeClassInAudit(name: string, context: AuditContext): boolean {
  return context.objectsOfKind('RuntimeClass').some((c) => c.metadata.name === name);
}

/**
 * The runtime the RuntimeClass `name` runs: by its handler when the class is part of the audit (a handler of no known
 * runtime, or one of the wrong type, tells nothing: see `runtimeOfHandler`); otherwise by its name when it is one of
 * the restricted profile's class names (`gvisor`, `kata`) or one of the Kata classes kata-deploy installs (`kata-qemu`,
 * `kata-clh`...: kata-deploy names each class after its handler, tools/packaging/kata-deploy/runtimeclasses); otherwise
 * unknown.
 */
export function runtimeOfClass(name: string, context: AuditContext): ClassRuntime | undefined {
  const runtimeClass = context.objectsOfKind('RuntimeClass').find((c) => c.metadata.name === name);
  if (runtimeClass !== undefined) {
    const handler = readOf(runtimeClass, () => stringField(runtimeClass, 'handler', ''));
    const runtime = handler === undefined ? undefined : runtimeOfHandler(handler);
    return runtime === undefined ? undefined : { runtime, because: `its handler '${handler}'` };
  }
  for (const runtime of ['gvisor', 'kata'] as const) {
    if (RESTRICTED_PROFILE.runtimeClasses[runtime].name === name) {
      return { runtime, because: `the name of kube-harden's ${RUNTIME_NAMES[runtime]} class` };
    }
  }
  return name.startsWith('kata-') ? { runtime: 'kata', because: 'the name of a kata-deploy class' } : undefined;
}
