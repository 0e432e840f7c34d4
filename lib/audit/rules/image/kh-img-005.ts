import { imagesOf } from './images';
import { ownField, shownValue, stringField } from '../../field-types';
import { checkPod, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-IMG-005: the effective `imagePullPolicy` is Always, so every start goes through the registry and
 * admission-time signature checks (Kubernetes defaults to IfNotPresent for tagged images).
 */
export const KH_IMG_005: ManifestRule = {
  id: 'KH-IMG-005',
  area: 'image',
  title: 'imagePullPolicy is Always',
  severity: 'warning',
  guideSection: '2.2',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.6'] },
  remediation: 'Set imagePullPolicy: Always on every container.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => imagesOf(pod).flatMap((i) => {
    const container = i.container.container;
    const policy = stringField(container, 'imagePullPolicy', i.container.path);
    const defaulted = i.ref?.tag === 'latest' || (i.ref?.tag === undefined && i.ref?.digest === undefined) ? 'Always' : 'IfNotPresent';
    const effective = policy ?? defaulted;
    const given = ownField(container, 'imagePullPolicy');
    // (a policy of the wrong type, `1`, is noted as unknown and read as unset)
    const shown = policy !== undefined ? effective
      : given === undefined || given === null ? `${effective} (defaulted)` : `${shownValue(given)}, read as unset (${effective})`;
    return effective === 'Always' ? [] : [{
      message: `${describeContainer(i.container)} has imagePullPolicy ${shown}`,
      path: `${i.container.path}.imagePullPolicy`,
    }];
  })),
};
