import { listField, objectAt, objectField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-POD-005: no hostPath volume (PSS baseline `hostPathVolumes`). A `hostPath: null` is none: the API server decodes
 * null into a nil pointer, and PSA checks `volume.HostPath != nil`.
 */
export const KH_POD_005: ManifestRule = {
  id: 'KH-POD-005',
  area: 'pod',
  title: 'No hostPath volumes',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'hostPathVolumes', cis: ['5.2.12'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: 'Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => listField(pod.spec, 'volumes', pod.path).flatMap((raw, index) => {
    const at = `${pod.path}.volumes`;
    const volume = objectAt(raw, at, index) ?? {};
    return volume.hostPath === undefined || volume.hostPath === null ? [] : [{
      message: `volume '${String(volume.name)}' mounts the host path '${String(objectField(volume, 'hostPath', `${at}[${index}]`)?.path ?? '')}'`,
      path: `${pod.path}.volumes[${index}].hostPath`,
    }];
  })),
};
