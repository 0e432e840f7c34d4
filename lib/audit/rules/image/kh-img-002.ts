import { imagesOf } from './images';
import { ownField, shownValue } from '../../field-types';
import { checkPod, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/** KH-IMG-002: every image is a valid reference with a tag or a digest (untagged pulls latest). */
export const KH_IMG_002: ManifestRule = {
  id: 'KH-IMG-002',
  area: 'image',
  title: 'Image has a tag or digest',
  severity: 'error',
  guideSection: '2.1',
  controls: { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.4', '8.1.4.6'] },
  remediation: "Write every image as '<registry>/<repository>:<tag>@sha256:<digest>'.",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => imagesOf(pod).flatMap((i): RuleViolation[] => {
    if (i.ref === undefined) {
      // (an image of the wrong type, `1`, shows as it is: `raw` is empty for it)
      const given = ownField(i.container.container, 'image');
      return [{ message: `${describeContainer(i.container)} has an invalid image reference ${shownValue(given ?? i.raw)}`, path: i.path }];
    }
    return i.ref.tag === undefined && i.ref.digest === undefined
      ? [{ message: `${describeContainer(i.container)} uses '${i.raw}' without a tag or digest (it pulls latest)`, path: i.path }]
      : [];
  })),
};
