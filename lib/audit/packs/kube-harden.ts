import { RulePack } from './pack';

/** The default pack: every kube-harden rule (manifests and Dockerfiles) at its own severity. */
export const KUBE_HARDEN_PACK: RulePack = {
  id: 'kube-harden',
  description: 'Every kube-harden rule: Pod Security restricted plus image, workload, sandbox, namespace, network, mesh, secrets, RBAC, supply-chain, runtime and Dockerfile rules.',
  rules: [
    'KH-POD-001', 'KH-POD-002', 'KH-POD-003', 'KH-POD-004', 'KH-POD-005', 'KH-POD-006', 'KH-POD-007',
    'KH-POD-008', 'KH-POD-009', 'KH-POD-010', 'KH-POD-011', 'KH-POD-012', 'KH-POD-013', 'KH-POD-014',
    'KH-POD-015', 'KH-POD-016', 'KH-POD-017', 'KH-POD-018', 'KH-POD-019', 'KH-POD-020',
    'KH-IMG-001', 'KH-IMG-002', 'KH-IMG-003', 'KH-IMG-004', 'KH-IMG-005',
    'KH-WKL-001', 'KH-WKL-002', 'KH-WKL-003', 'KH-WKL-004', 'KH-WKL-005', 'KH-WKL-006', 'KH-WKL-007',
    'KH-SBX-001', 'KH-SBX-002', 'KH-SBX-003',
    'KH-NS-001', 'KH-NS-002',
    'KH-NET-001', 'KH-NET-002', 'KH-NET-003', 'KH-NET-004',
    'KH-MESH-001', 'KH-MESH-002', 'KH-MESH-003', 'KH-MESH-004', 'KH-MESH-005', 'KH-MESH-006', 'KH-MESH-007', 'KH-MESH-008',
    'KH-SEC-001', 'KH-SEC-002',
    'KH-RBAC-001', 'KH-RBAC-002', 'KH-RBAC-003', 'KH-RBAC-004',
    'KH-SUP-001', 'KH-SUP-002', 'KH-SUP-003',
    'KH-RUN-001', 'KH-RUN-002',
    'KH-DKR-001', 'KH-DKR-002', 'KH-DKR-003', 'KH-DKR-004', 'KH-DKR-005', 'KH-DKR-006', 'KH-DKR-007',
  ],
};
