import { Option } from 'commander';
import type { CiSystem } from '../../core/ci-gate';
import { CliCommand, EXIT, UsageError } from '../command';

/** `kube-harden ci-gate --ci github|gitlab`: prints the gated supply-chain pipeline (guide §2.2) as YAML. */
export const ciGateCommand: CliCommand = {
  name: 'ci-gate',
  register: (program, context) => {
    program.command('ci-gate')
      .description('print a CI pipeline: build, scan (zero critical), sign + attest, verify, push, deploy, with pinned tools')
      .addOption(new Option('--ci <system>', 'CI system').choices(['github', 'gitlab']).makeOptionMandatory())
      .option('--staging-image <repository>', 'repository the build pushes to before verification')
      .option('--release-image <repository>', 'repository the verified image is promoted to')
      .option('--manifests <dir>', 'directory of synthesized manifests applied at deploy')
      .option('--kubectl-image <image>', 'kubectl image of the deploy step, pinned by digest (until given, the deploy step fails closed)')
      .action(async (options: { ci: CiSystem; stagingImage?: string; releaseImage?: string; manifests?: string; kubectlImage?: string }) => {
        // loaded here, not with the CLI: its props validation loads a JSON schema validator the other commands do not use
        const { renderCiGate } = await import('../../core/ci-gate');
        try {
          const { ci, stagingImage, releaseImage, manifests, kubectlImage } = options;
          context.io.stdout(renderCiGate({ ci, stagingImage, releaseImage, manifestsDir: manifests, kubectlImage }));
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        context.exit(EXIT.OK);
      });
  },
};
