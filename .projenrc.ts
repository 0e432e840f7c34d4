import { javascript, typescript } from 'projen';

/** Frameworks are optional peers: the core and the audit run without any of them. */
const frameworkPeers: Record<string, string> = {
  'cdk8s': '2.70.106',
  'cdk8s-plus-27': '2.9.5',
  'constructs': '10.8.1',
  '@pulumi/pulumi': '3.276.0',
  '@pulumi/kubernetes': '4.34.2',
  '@pulumi/policy': '1.21.0',
};

const project = new typescript.TypeScriptProject({
  name: 'kube-harden',
  description: 'Hardened Kubernetes constructs for cdk8s and Pulumi, with an audit engine and CLI.',
  license: 'Apache-2.0',
  copyrightOwner: 'kube-harden authors',
  authorName: 'kube-harden authors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  srcdir: 'lib',
  libdir: 'dist',
  testdir: 'test',
  entrypoint: 'dist/index.js',
  entrypointTypes: 'dist/index.d.ts',
  typescriptVersion: '5.9.3',
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  clobber: false,
  vscode: false,
  deps: ['yaml@2.9.1', 'js-yaml@4.3.2', 'ajv@8.20.0', 'commander@14.0.3', 'dockerfile-ast@0.7.1'],
  peerDeps: Object.entries(frameworkPeers).map(([name, version]) => `${name}@^${version}`),
  peerDependencyOptions: { pinnedDevDependency: true },
  devDeps: [
    'fast-check@4.11.0',
    'kubernetes-models@4.5.0',
    'cdk8s-cli@2.207.60',
    'typedoc@0.28.20',
    'typedoc-plugin-markdown@4.14.1',
    'ts-node@10.9.2',
    '@types/node@20.19.43',
    '@types/js-yaml@4.0.9',
  ],
  jestOptions: {
    jestVersion: '29.7.0',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      strict: true,
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../docs/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {},
  },
});

// projen gives @types/jest and ts-jest the jest version, which neither has: pin real ones.
project.deps.removeDependency('@types/jest');
project.deps.removeDependency('ts-jest');
project.addDevDeps('@types/jest@29.5.14', 'ts-jest@29.4.15');

// Frameworks are optional: `kube-harden` (core + audit) installs and runs without any of them.
project.package.addField(
  'peerDependenciesMeta',
  Object.fromEntries(Object.keys(frameworkPeers).map((name) => [name, { optional: true }])),
);

project.package.addField('exports', {
  '.': { types: './dist/index.d.ts', default: './dist/index.js' },
  './cdk8s': { types: './dist/cdk8s/index.d.ts', default: './dist/cdk8s/index.js' },
  './pulumi': { types: './dist/pulumi/index.d.ts', default: './dist/pulumi/index.js' },
  './pulumi/testing': { types: './dist/pulumi/testing.d.ts', default: './dist/pulumi/testing.js' },
  './pulumi/policy': { types: './dist/pulumi/policy-pack.d.ts', default: './dist/pulumi/policy-pack.js' },
  './audit': { types: './dist/audit/index.d.ts', default: './dist/audit/index.js' },
  './package.json': './package.json',
});

// ts-jest transpiles only; `tsc --noEmit` below is the type check (fast on 2 cores).
project.tryFindObjectFile('package.json')?.addOverride('jest.transform', {
  '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }],
});
project.tryFindObjectFile('package.json')?.addDeletionOverride('jest.globals');

// lib/core and lib/audit stay framework-free.
project.eslint?.addOverride({
  files: ['lib/core/**/*.ts', 'lib/audit/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['cdk8s', 'cdk8s/*', 'cdk8s-plus-*', 'constructs', '@pulumi/*'], message: 'lib/core and lib/audit must not import a framework.' },
        { group: ['**/cdk8s', '**/cdk8s/**', '**/pulumi', '**/pulumi/**', '**/cli', '**/cli/**'], message: 'lib/core and lib/audit must not import an adapter or the CLI.' },
      ],
    }],
  },
});

project.eslint?.addLintPattern('examples');

// `npx projen docgen`: docs/defaults.md from the profile table, API.md from the TSDoc (typedoc.json). CI fails when stale.
project.addTask('docgen', {
  description: 'Generate docs/defaults.md and API.md',
  exec: 'node scripts/docgen.mjs',
});
// The docs samples test (test/docs/samples.test.ts) writes each sample here to compile and run it.
project.gitignore.exclude('/.docs-samples/');

// The `kube-harden` CLI (lib/cli/main.ts). RULES.md is generated from the rule registry; a jest test fails when stale.
project.addBins({ 'kube-harden': 'bin/kube-harden' });
project.addTask('docgen:rules', {
  description: 'Generate RULES.md from the rule registry',
  exec: 'ts-node --transpile-only lib/cli/main.ts rules --format markdown > RULES.md',
});
// README.md's generated sections (the example's YAML, before/after scores); test/docs/readme.test.ts fails when stale.
project.addTask('docgen:readme', {
  description: "Regenerate README.md's generated sections from the examples",
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
  exec: 'ts-node --transpile-only scripts/readme.ts',
});
project.tasks.tryFind('docgen')!.spawn(project.tasks.tryFind('docgen:readme')!);

// One command regenerates every generated doc: `npx projen docgen` writes RULES.md too.
project.tasks.tryFind('docgen')!.spawn(project.tasks.tryFind('docgen:rules')!);

// `npm run synth`: the real `cdk8s synth` of the cdk8s example (offline), writing examples/cdk8s-payment-platform/dist/*.k8s.yaml.
project.addTask('synth', {
  description: 'Synthesize the cdk8s payment-platform example with the cdk8s CLI',
  cwd: 'examples/cdk8s-payment-platform',
  exec: 'cdk8s synth --no-check-upgrade',
});
project.gitignore.exclude('/examples/*/dist/');
// ...and ends by auditing what it wrote and printing the score: audit errors fail the synth.
project.tasks.tryFind('synth')!.exec('ts-node --transpile-only ../../lib/cli/main.ts audit dist --fail-on error');

// `npm run bench`: synth, Pulumi and audit speed against reference runs in the same process (not part of `npm test`).
project.addTask('bench', {
  description: 'Benchmark synth, Pulumi and audit against cdk8s ApiObjects, cdk8s-plus-27, raw Pulumi resources and YAML parsing',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
  exec: 'node -r ts-node/register/transpile-only bench/run.ts',
  receiveArgs: true,
});

// `npm test`: type-check everything, lint, then jest in CI mode (a snapshot is never rewritten).
const testTask = project.tasks.tryFind('test')!;
testTask.reset('tsc --noEmit -p test/tsconfig.json');
testTask.env('ESLINT_USE_FLAT_CONFIG', 'false');
testTask.exec('eslint --ext .ts --no-error-on-unmatched-pattern --max-warnings 0 lib test examples bench scripts .projenrc.ts');
testTask.exec('jest --ci --passWithNoTests=false', { receiveArgs: true });

project.synth();
