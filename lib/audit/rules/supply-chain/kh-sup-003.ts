import { vulnerabilityGates } from './vulnerability-gates';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * KH-SUP-003: an image admission policy that checks vulnerability-scan attestations (cosign's `vuln` type) admits no
 * image with a CRITICAL finding (guide §2.2: zero tolerance). Kyverno: every `verifyImages` entry with the attestation
 * has a condition that must hold comparing a count of CRITICAL findings (a key naming `critical`) with
 * `LessThanOrEquals 0`, `LessThan 1` or `Equals 0`. Sigstore: every authority of the ClusterImagePolicy (an image
 * passes when any one does) checks the attestation with a Rego policy that counts CRITICAL findings against 0. A limit
 * the audit cannot read (another comparison, a CUE or remote policy) is unknown. Policies that check no vulnerability
 * attestation are not judged (KH-SUP-001 and KH-SUP-002 judge signatures).
 */
export const KH_SUP_003: ManifestRule = {
  id: 'KH-SUP-003',
  area: 'supply-chain',
  title: 'Image admission refuses critical vulnerabilities',
  severity: 'error',
  guideSection: '2.2',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.5', '8.2'] },
  remediation: 'Limit the CRITICAL findings of the scan attestation to 0 (ImageSupplyChainPolicy maxCriticalVulnerabilities: 0).',
  appliesTo: ['ClusterPolicy', 'Policy', 'ClusterImagePolicy'],
  appliesWhen: (object) => vulnerabilityGates(object).length > 0,
  check: (object) => vulnerabilityGates(object).flatMap(({ name, path, limit }): RuleViolation[] => {
    if (limit === 'unreadable') {
      return [{ message: `the audit cannot read how many CRITICAL vulnerabilities ${name} admits: review its scan conditions`, path, unknown: true }];
    }
    if (limit <= 0) return [];
    return [{
      message: limit === Infinity
        ? `${name} admits images whatever their CRITICAL vulnerabilities: nothing limits them`
        : `${name} admits images with up to ${limit} CRITICAL vulnerabilit${limit === 1 ? 'y' : 'ies'}`,
      path,
    }];
  }),
};
