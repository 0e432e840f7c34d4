import { Option } from 'commander';
import { formatRulesJson, formatRulesMarkdown, formatRulesTable, ruleCatalog } from '../../audit/format';
import { CliCommand, EXIT } from '../command';

const FORMATS = { table: formatRulesTable, json: formatRulesJson, markdown: formatRulesMarkdown } as const;

/** `kube-harden rules [--format table|json|markdown]`: lists every rule (`--format markdown` prints RULES.md). */
export const rulesCommand: CliCommand = {
  name: 'rules',
  register: (program, context) => {
    program.command('rules')
      .description('list every rule (manifest and Dockerfile); --format markdown prints RULES.md')
      .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('table'))
      .action((options: { format: keyof typeof FORMATS }) => {
        context.io.stdout(FORMATS[options.format](ruleCatalog()));
        context.exit(EXIT.OK);
      });
  },
};
