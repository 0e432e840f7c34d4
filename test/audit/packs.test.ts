import { MANIFEST_RULES, packById, PACKS, selectRules } from '../../lib/audit';
import { DOCKERFILE_RULES } from '../../lib/audit/dockerfile/rules';

/** cdk-nag's Packs.test.ts: adding, removing or reclassifying a rule fails here until updated on purpose. */
describe('rule packs |', () => {
  test('the built-in packs, in order', () => {
    expect(PACKS.map((p) => p.id)).toEqual(['kube-harden', 'pss-restricted', 'pss-baseline']);
  });

  test('pss-baseline runs exactly the baseline controls, all errors', () => {
    const selected = selectRules(MANIFEST_RULES, { pack: 'pss-baseline' });
    expect(selected.map((s) => s.rule.id)).toEqual([
      'KH-POD-001', 'KH-POD-002', 'KH-POD-003', 'KH-POD-004', 'KH-POD-005', 'KH-POD-006',
      'KH-POD-007', 'KH-POD-008', 'KH-POD-009', 'KH-POD-010', 'KH-POD-011', 'KH-POD-012',
    ]);
    expect(new Set(selected.map((s) => s.severity))).toEqual(new Set(['error']));
  });

  test('pss-restricted adds the restricted controls, all errors', () => {
    const selected = selectRules(MANIFEST_RULES, { pack: 'pss-restricted' });
    expect(selected.map((s) => s.rule.id).slice(12)).toEqual(['KH-POD-013', 'KH-POD-014', 'KH-POD-015', 'KH-POD-016', 'KH-POD-017', 'KH-POD-018']);
    expect(new Set(selected.map((s) => s.severity))).toEqual(new Set(['error']));
  });

  test('kube-harden runs every manifest rule, with these severities', () => {
    const bySeverity = (severity: string) => selectRules(MANIFEST_RULES, { pack: 'kube-harden' }).filter((s) => s.severity === severity).map((s) => s.rule.id);
    expect(bySeverity('error')).toEqual([
      'KH-POD-001', 'KH-POD-002', 'KH-POD-003', 'KH-POD-004', 'KH-POD-005', 'KH-POD-006', 'KH-POD-007', 'KH-POD-008', 'KH-POD-009',
      'KH-POD-010', 'KH-POD-011', 'KH-POD-012', 'KH-POD-013', 'KH-POD-014', 'KH-POD-015', 'KH-POD-016', 'KH-POD-017', 'KH-POD-018',
      'KH-IMG-001', 'KH-IMG-002', 'KH-IMG-004',
      'KH-SBX-001', 'KH-SBX-002',
      'KH-NS-001',
      'KH-NET-001', 'KH-NET-002',
      'KH-MESH-001', 'KH-MESH-002', 'KH-MESH-003', 'KH-MESH-004', 'KH-MESH-005', 'KH-MESH-006', 'KH-MESH-007', 'KH-MESH-008',
      'KH-SEC-001', 'KH-SEC-002',
      'KH-RBAC-001', 'KH-RBAC-002', 'KH-RBAC-004',
      'KH-SUP-001', 'KH-SUP-002', 'KH-SUP-003', 'KH-RUN-001', 'KH-RUN-002',
    ]);
    expect(bySeverity('warning')).toEqual([
      'KH-POD-019', 'KH-POD-020', 'KH-IMG-003', 'KH-IMG-005',
      'KH-WKL-001', 'KH-WKL-002', 'KH-WKL-003', 'KH-WKL-004', 'KH-WKL-005', 'KH-WKL-006',
      'KH-SBX-003',
      'KH-NS-002', 'KH-NET-003', 'KH-NET-004', 'KH-RBAC-003',
    ]);
    expect(bySeverity('info')).toEqual(['KH-WKL-007']);
  });

  test('kube-harden also lists the Dockerfile rules', () => {
    expect(packById('kube-harden')?.rules.filter((id) => id.startsWith('KH-DKR-'))).toEqual([
      'KH-DKR-001', 'KH-DKR-002', 'KH-DKR-003', 'KH-DKR-004', 'KH-DKR-005', 'KH-DKR-006', 'KH-DKR-007',
    ]);
  });

  test('every pack names only known rules, each once', () => {
    const registered = new Set<string>([...MANIFEST_RULES, ...DOCKERFILE_RULES].map((r) => r.id));
    for (const pack of PACKS) {
      expect(new Set(pack.rules).size).toBe(pack.rules.length);
      expect(pack.rules.filter((id) => !registered.has(id))).toEqual([]);
    }
  });
});
