import { ControlId, acknowledgeAnnotation, isControlId } from './controls';
import { Problems } from './validation';

/** Why a security default was weakened on purpose. */
export interface Acknowledgement {
  /** The reason, written to the object so an audit (and a reviewer) sees it. */
  readonly reason: string;
}

/** Acknowledged weakenings by control id: `{ 'KH-WKL-003': { reason: '...' } }`. */
export type Acknowledgements = { readonly [id in ControlId]?: Acknowledgement };

/** Checks that every acknowledgement names a known control and carries a non-empty reason. */
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
    const reason = (ack as Partial<Acknowledgement> | undefined)?.reason;
    if (typeof reason !== 'string' || reason.trim().length === 0) {
      problems.add(`${field}.${id}.reason`, reason, 'is empty', 'say in a sentence why the weakening is needed; it is written to the object for the audit.');
    }
  }
}

/**
 * Records a problem for a weakening of control `id` unless `acks` acknowledges it with a reason.
 * `what` describes the weakening, `fix` how to avoid it.
 */
export function requireAcknowledgement(
  problems: Problems,
  acks: Acknowledgements | undefined,
  id: ControlId,
  field: string,
  value: unknown,
  what: string,
  fix: string,
): void {
  if (acks?.[id] === undefined) {
    problems.add(field, value, `${what} (control ${id})`,
      `${fix}, or acknowledge it: acknowledgements: { '${id}': { reason: '<why>' } }.`);
  }
}

/** The annotations that record acknowledged weakenings: `kube-harden.io/acknowledge.<id>: <reason>`. */
export function acknowledgementAnnotations(acks: Acknowledgements | undefined): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const id of Object.keys(acks ?? {}).sort()) {
    const ack = acks?.[id as ControlId];
    if (isControlId(id) && ack !== undefined) {
      annotations[acknowledgeAnnotation(id)] = ack.reason.trim();
    }
  }
  return annotations;
}
