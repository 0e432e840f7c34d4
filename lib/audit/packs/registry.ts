import { KUBE_HARDEN_PACK } from './kube-harden';
import { RulePack } from './pack';
import { PSS_BASELINE_PACK } from './pss-baseline';
import { PSS_RESTRICTED_PACK } from './pss-restricted';

/** Id of the pack an audit runs when none is named. */
export const DEFAULT_PACK_ID = 'kube-harden';

/** Every built-in pack. */
export const PACKS: readonly RulePack[] = [KUBE_HARDEN_PACK, PSS_RESTRICTED_PACK, PSS_BASELINE_PACK];

/** The built-in pack with id `id`. */
export function packById(id: string): RulePack | undefined {
  return PACKS.find((p) => p.id === id);
}
