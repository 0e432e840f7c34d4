import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_RULES, SEVERITIES } from '../../lib/audit';
import { CONTROLS, isControlId } from '../../lib/core';

/** kube-linter's TestBuiltInChecksWellFormed, for our registry. */
describe('rule registry |', () => {
  test('rule ids are unique and in the order of CONTROLS', () => {
    const ids = MANIFEST_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(Object.keys(CONTROLS).filter((id) => ids.includes(id as typeof ids[number])));
    expect(ids.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(MANIFEST_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    test('is a control id, in the control\'s area, with the control\'s title', () => {
      expect(isControlId(id)).toBe(true);
      expect(rule.area).toBe(CONTROLS[id].area);
      expect(rule.title).toBe(CONTROLS[id].title);
    });

    test('has complete metadata', () => {
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.remediation).toMatch(/^[A-Z].*\.$/);
      expect(rule.guideSection).toMatch(/^\d+(\.\d+)?$/);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      expect(typeof rule.check).toBe('function');
      const { pss, cis = [], nsa = [], mlps = [] } = rule.controls;
      expect(pss !== undefined || cis.length + nsa.length + mlps.length > 0).toBe(true);
      expect(mlps.length).toBeGreaterThan(0);
      for (const item of cis) expect(item).toMatch(/^5(\.\d+){2}$/);
      for (const clause of mlps) expect(clause).toMatch(/^8\.(1\.[345]\.\d+|2)$/);
    });

    test('declares its id as a literal in its own file (never derived from the file name)', () => {
      const file = path.join(__dirname, '../../lib/audit/rules', rule.area, `${id.toLowerCase()}.ts`);
      expect(fs.readFileSync(file, 'utf8')).toContain(`id: '${id}'`);
    });
  });

  test('every Pod Security Standards control of reference.md §1 has a rule', () => {
    const pss = MANIFEST_RULES.map((r) => r.controls.pss).filter((p): p is string => p !== undefined).sort();
    expect(pss).toEqual([
      'allowPrivilegeEscalation', 'appArmorProfile', 'capabilities_baseline', 'capabilities_restricted', 'hostNamespaces',
      'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'procMount', 'restrictedVolumes', 'runAsNonRoot',
      'runAsUser', 'seLinuxOptions', 'seccompProfile_baseline', 'seccompProfile_restricted', 'sysctls', 'windowsHostProcess',
    ]);
  });
});
