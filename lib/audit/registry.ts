import { ManifestRule } from './rule';
import { KH_IMG_001, KH_IMG_002, KH_IMG_003, KH_IMG_004, KH_IMG_005 } from './rules/image';
import { KH_MESH_001, KH_MESH_002, KH_MESH_003, KH_MESH_004, KH_MESH_005, KH_MESH_006, KH_MESH_007, KH_MESH_008 } from './rules/mesh';
import { KH_NS_001, KH_NS_002 } from './rules/namespace';
import { KH_NET_001, KH_NET_002, KH_NET_003, KH_NET_004 } from './rules/network';
import {
  KH_POD_001, KH_POD_002, KH_POD_003, KH_POD_004, KH_POD_005, KH_POD_006, KH_POD_007, KH_POD_008, KH_POD_009, KH_POD_010,
  KH_POD_011, KH_POD_012, KH_POD_013, KH_POD_014, KH_POD_015, KH_POD_016, KH_POD_017, KH_POD_018, KH_POD_019, KH_POD_020,
} from './rules/pod';
import { KH_RBAC_001, KH_RBAC_002, KH_RBAC_003, KH_RBAC_004 } from './rules/rbac';
import { KH_RUN_001, KH_RUN_002 } from './rules/runtime';
import { KH_SBX_001, KH_SBX_002, KH_SBX_003 } from './rules/sandbox';
import { KH_SEC_001, KH_SEC_002 } from './rules/secrets';
import { KH_SUP_001, KH_SUP_002, KH_SUP_003 } from './rules/supply-chain';
import { KH_WKL_001, KH_WKL_002, KH_WKL_003, KH_WKL_004, KH_WKL_005, KH_WKL_006, KH_WKL_007 } from './rules/workload';

/** Every manifest rule, in id order. Each rule file exports one `KH_<AREA>_<NNN>` constant with a literal id. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  KH_POD_001, KH_POD_002, KH_POD_003, KH_POD_004, KH_POD_005, KH_POD_006, KH_POD_007, KH_POD_008, KH_POD_009, KH_POD_010,
  KH_POD_011, KH_POD_012, KH_POD_013, KH_POD_014, KH_POD_015, KH_POD_016, KH_POD_017, KH_POD_018, KH_POD_019, KH_POD_020,
  KH_IMG_001, KH_IMG_002, KH_IMG_003, KH_IMG_004, KH_IMG_005,
  KH_WKL_001, KH_WKL_002, KH_WKL_003, KH_WKL_004, KH_WKL_005, KH_WKL_006, KH_WKL_007,
  KH_SBX_001, KH_SBX_002, KH_SBX_003,
  KH_NS_001, KH_NS_002,
  KH_NET_001, KH_NET_002, KH_NET_003, KH_NET_004,
  KH_MESH_001, KH_MESH_002, KH_MESH_003, KH_MESH_004, KH_MESH_005, KH_MESH_006, KH_MESH_007, KH_MESH_008,
  KH_SEC_001, KH_SEC_002,
  KH_RBAC_001, KH_RBAC_002, KH_RBAC_003, KH_RBAC_004,
  KH_SUP_001, KH_SUP_002, KH_SUP_003,
  KH_RUN_001, KH_RUN_002,
];

/** The manifest rule with id `id`. */
export function manifestRuleById(id: string): ManifestRule | undefined {
  return MANIFEST_RULES.find((r) => r.id === id);
}
