import { imagesOf } from './images';
import { checkPod, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-IMG-001: no image uses the mutable tag `latest` (guide §2.1). */
export const KH_IMG_001: ManifestRule = {
  id: 'KH-IMG-001',
  area: 'image',
  title: "Image is not tagged 'latest'",
  severity: 'error',
  guideSection: '2.1',
  controls: { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.4', '8.1.4.6'] },
  remediation: "Pin a version tag and its digest instead of 'latest', e.g. 'registry.example.com/app:1.4.2@sha256:<digest>'.",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => imagesOf(pod)
    .filter((i) => i.ref?.tag === 'latest')
    .map((i) => ({ message: `${describeContainer(i.container)} uses '${i.raw}' (tag latest)`, path: i.path }))),
};
