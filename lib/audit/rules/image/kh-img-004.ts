import { imagesOf } from './images';
import { isRegistryAllowed } from '../../../core/image';
import { checkPod, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-IMG-004: images come from an allowed registry (`allowedRegistries` audit option, CLI `--allowed-registry`).
 * Without an allow-list the rule is not applicable: it runs no check (it neither passes nor fails).
 */
export const KH_IMG_004: ManifestRule = {
  id: 'KH-IMG-004',
  area: 'image',
  title: 'Image comes from an allowed registry',
  severity: 'error',
  guideSection: '2.2',
  controls: { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.6'] },
  remediation: 'Pull images only from the allowed registries (mirror third-party images into them).',
  appliesTo: WORKLOAD_KINDS,
  appliesWhen: (_object, context) => context.settings.allowedRegistries.length > 0,
  check: (object, context) => {
    const allowed = context.settings.allowedRegistries;
    return checkPod(object, (pod) => imagesOf(pod)
      .filter((i) => i.ref !== undefined && !isRegistryAllowed(i.ref, allowed))
      .map((i) => ({
        message: `${describeContainer(i.container)} uses '${i.raw}' from registry '${i.ref?.registry}', which is not in the allow-list (${allowed.join(', ')})`,
        path: i.path,
      })));
  },
};
