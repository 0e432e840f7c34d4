import { RulePack } from './pack';

/** Pod Security Standards baseline: the controls PSA `baseline` enforces, every one an error. */
export const PSS_BASELINE_PACK: RulePack = {
  id: 'pss-baseline',
  description: 'Pod Security Standards baseline (what PSA enforce=baseline admits).',
  rules: [
    'KH-POD-001', 'KH-POD-002', 'KH-POD-003', 'KH-POD-004', 'KH-POD-005', 'KH-POD-006',
    'KH-POD-007', 'KH-POD-008', 'KH-POD-009', 'KH-POD-010', 'KH-POD-011', 'KH-POD-012',
  ],
};
