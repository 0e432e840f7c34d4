import { CliCommand } from '../command';
import { auditCommand } from './audit';
import { ciGateCommand } from './ci-gate';
import { reachCommand } from './reach';
import { reportCommand } from './report';
import { rulesCommand } from './rules';

/** Every `kube-harden` subcommand, in help order. Add a command: one file in this folder, one line here. */
export const COMMANDS: readonly CliCommand[] = [
  auditCommand,
  rulesCommand,
  ciGateCommand,
  reportCommand,
  reachCommand,
];
