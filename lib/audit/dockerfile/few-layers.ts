import { DockerfileRule } from './dockerfile-rule';
import { finalStage } from './parse-dockerfile';

/** Most layer-creating instructions (`RUN`, `COPY`, `ADD`) the final stage may have. */
export const MAX_FINAL_STAGE_LAYERS = 5;

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** KH-DKR-003: the final stage has at most five layer-creating instructions. */
export const fewLayers: DockerfileRule = {
  id: 'KH-DKR-003',
  area: 'dockerfile',
  title: 'Final stage has few layers',
  severity: 'warning',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.4'] },
  remediation: 'Build in an earlier stage and COPY only the artefacts, or merge RUN instructions, to keep the final stage at five layers or fewer.',
  check: (dockerfile) => {
    const stage = finalStage(dockerfile);
    const layers = stage?.instructions.filter((instruction) => LAYER_KEYWORDS.has(instruction.keyword)) ?? [];
    if (!stage || layers.length <= MAX_FINAL_STAGE_LAYERS) {
      return [];
    }
    return [{
      line: layers[MAX_FINAL_STAGE_LAYERS].line,
      message: `the final stage has ${layers.length} layer-creating instructions (RUN, COPY, ADD); at most ${MAX_FINAL_STAGE_LAYERS} are allowed`,
    }];
  },
};
