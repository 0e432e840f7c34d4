import { DockerfileRule } from './dockerfile-rule';
import { allInstructions } from './parse-dockerfile';

const REMOTE = /^(https?|ftp):\/\/|^git@|\.git(#.*)?$/i;

/** KH-DKR-005: `ADD` never fetches a URL or a git repository. */
export const noAddFromUrl: DockerfileRule = {
  id: 'KH-DKR-005',
  area: 'dockerfile',
  title: 'No ADD from a URL',
  severity: 'error',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.7'] },
  remediation: 'Download in a build stage with a verified checksum (or vendor the file) and COPY it; do not ADD remote URLs.',
  check: (dockerfile) => allInstructions(dockerfile)
    .filter((instruction) => instruction.keyword === 'ADD')
    .flatMap((add) => add.args.slice(0, -1)
      .filter((source) => REMOTE.test(source))
      .map((source) => ({ line: add.line, message: `ADD fetches the remote source '${source}'` }))),
};
