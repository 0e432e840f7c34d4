import { ControlId, acknowledgeAnnotation, isControlId } from './controls';
import { copyJsonTree, isPlainObject, JsonObject } from './json-fields';
import { Problems } from './validation';

/** Why a security default was weakened on purpose. */
export interface Acknowledgement {
  /** The reason, written to the object so an audit (and a reviewer) sees it. */
  readonly reason: string;
}

/** Acknowledged weakenings by control id: `{ 'KH-WKL-003': { reason: '...' } }`. */
export type Acknowledgements = { readonly [id in ControlId]?: Acknowledgement };

/**
 * Whether `reason` says something: it has a visible character (a letter, digit, punctuation or symbol), and no
 * control or invisible format character (zero-width spaces, bidi overrides) that could hide or disguise it.
 */
export function isPrintableReason(reason: unknown): reason is string {
  return typeof reason === 'string' && /[\p{L}\p{N}\p{P}\p{S}]/u.test(reason) && !/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u.test(reason);
}

/**
 * Checks that every acknowledgement names a known control and carries a printable reason. The acknowledgements must
 * have passed the boundary (own data only), so an inherited acknowledgement never counts.
 */
export function checkAcknowledgements(problems: Problems, field: string, acks: unknown): void {
  if (acks === undefined) {
    return;
  }
  if (typeof acks !== 'object' || acks === null || Array.isArray(acks)) {
    problems.add(field, acks, 'must be an object keyed by control id', "write { 'KH-WKL-003': { reason: '...' } }.");
    return;
  }
  for (const [id, ack] of Object.entries(acks)) {
    if (!isControlId(id)) {
      problems.add(`${field}.${id}`, id, 'is not a known control id', "use an id of the exported CONTROLS table (listed in RULES.md), e.g. 'KH-WKL-003'.");
    }
    const reason = ownReason(ack);
    if (!isPrintableReason(reason)) {
      problems.add(`${field}.${id}.reason`, reason, 'is blank, invisible or holds control characters',
        'say in a sentence of visible characters (on one line) why the weakening is needed; it is written to the object for the audit.');
    }
  }
}

/** Whether `acks` holds an own acknowledgement of `id` with a printable reason. */
export function isAcknowledged(acks: Acknowledgements | undefined, id: ControlId): boolean {
  const ack = typeof acks === 'object' && acks !== null && Object.prototype.hasOwnProperty.call(acks, id) ? acks[id] : undefined;
  return isPrintableReason(ownReason(ack));
}

/** The own `reason` of an acknowledgement, or undefined (never one read from a prototype). */
function ownReason(ack: unknown): unknown {
  return typeof ack === 'object' && ack !== null && Object.prototype.hasOwnProperty.call(ack, 'reason') ? (ack as Acknowledgement).reason : undefined;
}

/**
 * Records a problem for a weakening of the controls `ids` unless `acks` acknowledges every one of them with a reason.
 * A weakening lists every control it weakens (adding SYS_ADMIN weakens KH-POD-018 and KH-POD-004), so acknowledging
 * one of them never lets the other through. `what` describes the weakening, `fix` how to avoid it.
 */
export function requireAcknowledgement(
  problems: Problems,
  acks: Acknowledgements | undefined,
  ids: ControlId | readonly ControlId[],
  field: string,
  value: unknown,
  what: string,
  fix: string,
): void {
  const all = typeof ids === 'string' ? [ids] : ids;
  const missing = all.filter((id) => !isAcknowledged(acks, id));
  if (missing.length > 0) {
    problems.add(field, value, `${what} (control${all.length === 1 ? '' : 's'} ${all.join(', ')})`,
      `${fix}, or acknowledge it: acknowledgements: { ${missing.map((id) => `'${id}': { reason: '<why>' }`).join(', ')} }.`);
  }
}

/**
 * The annotations that record acknowledged weakenings: `kube-harden.io/acknowledge.<id>: <reason>` (read from a copy:
 * a field that throws when read, or a revoked Proxy, is a `KubeHardenValidationError` naming its field).
 */
export function acknowledgementAnnotations(acks: Acknowledgements | undefined): Record<string, string> {
  const problems = new Problems();
  const copy = copyJsonTree(acks, problems, ['acknowledgements']);
  problems.throwIfAny('acknowledgements');
  const plain: JsonObject = isPlainObject(copy) ? copy : {};
  const annotations: Record<string, string> = {};
  for (const id of Object.keys(plain).sort()) {
    const ack = isPlainObject(plain[id]) ? plain[id] as JsonObject : undefined;
    if (isControlId(id) && ack !== undefined && isPrintableReason(ack.reason)) {
      annotations[acknowledgeAnnotation(id)] = ack.reason.trim();
    }
  }
  return annotations;
}
