import { imagesOf } from './images';
import { checkPod, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-IMG-003: every image is pinned by digest, so what runs is what was scanned and signed (guide §2.1-2.2). */
export const KH_IMG_003: ManifestRule = {
  id: 'KH-IMG-003',
  area: 'image',
  title: 'Image is pinned by digest',
  severity: 'warning',
  guideSection: '2.1',
  controls: { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.6'] },
  remediation: "Append the image digest, e.g. 'registry.example.com/app:1.4.2@sha256:<digest>' (see 'crane digest <image>').",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => imagesOf(pod)
    .filter((i) => i.ref !== undefined && i.ref.digest === undefined)
    .map((i) => ({ message: `${describeContainer(i.container)} uses '${i.raw}', which is not pinned by digest`, path: i.path }))),
};
