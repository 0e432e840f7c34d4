import { listField, objectAt } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** Volume sources PSS restricted allows. */
export const ALLOWED_VOLUME_SOURCES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];

/**
 * KH-POD-013: volumes use only the restricted volume types (PSS restricted `restrictedVolumes`). A source set to null
 * is none (`nfs: null`): the API server decodes null into a nil pointer, and PSA checks each source `!= nil`.
 */
export const KH_POD_013: ManifestRule = {
  id: 'KH-POD-013',
  area: 'pod',
  title: 'Only restricted volume types',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'restrictedVolumes', cis: ['5.2.12'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: `Use only ${ALLOWED_VOLUME_SOURCES.join(', ')} volumes; mount network storage through a persistentVolumeClaim.`,
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => listField(pod.spec, 'volumes', pod.path).flatMap((raw, index) => {
    const volume = objectAt(raw, `${pod.path}.volumes`, index) ?? {};
    return Object.keys(volume)
      .filter((key) => key !== 'name' && volume[key] !== null && !ALLOWED_VOLUME_SOURCES.includes(key))
      .map((key) => ({ message: `volume '${String(volume.name)}' uses the disallowed type '${key}'`, path: `${pod.path}.volumes[${index}].${key}` }));
  })),
};
