import { RulePack } from './pack';
import { PSS_BASELINE_PACK } from './pss-baseline';

/** Pod Security Standards restricted: baseline plus the restricted controls, every one an error. */
export const PSS_RESTRICTED_PACK: RulePack = {
  id: 'pss-restricted',
  description: 'Pod Security Standards restricted (what PSA enforce=restricted admits).',
  rules: [
    ...PSS_BASELINE_PACK.rules,
    'KH-POD-013', 'KH-POD-014', 'KH-POD-015', 'KH-POD-016', 'KH-POD-017', 'KH-POD-018',
  ],
};
