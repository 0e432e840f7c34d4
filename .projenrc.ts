import { javascript, typescript } from 'projen';

/**
 * Frameworks are optional peers: the core and the audit run without any of them.
 * `floor` is the oldest version the peer range admits and CI proves (scripts/ci/floor-versions.sh installs these
 * and runs the adapter suites); `current` is the pinned dev version the whole suite runs against.
 */
const frameworkPeers: Record<string, { floor: string; current: string }> = {
  'cdk8s': { floor: '2.68.12', current: '2.70.106' },
  'cdk8s-plus-27': { floor: '2.7.84', current: '2.9.5' },
  'constructs': { floor: '10.3.0', current: '10.8.1' },
  '@pulumi/pulumi': { floor: '3.200.0', current: '3.276.0' },
  '@pulumi/kubernetes': { floor: '4.23.0', current: '4.34.2' },
  '@pulumi/policy': { floor: '1.20.0', current: '1.21.0' },
};

const project = new typescript.TypeScriptProject({
  name: 'kube-harden',
  description: 'Hardened Kubernetes constructs for cdk8s and Pulumi, with an audit engine and CLI.',
  license: 'Apache-2.0',
  repository: 'https://github.com/kube-harden/kube-harden.git',
  homepage: 'https://github.com/kube-harden/kube-harden#readme',
  keywords: ['kubernetes', 'security', 'cdk8s', 'pulumi', 'pod-security-standards', 'cilium', 'istio', 'zero-trust', 'audit', 'hardening'],
  copyrightOwner: 'kube-harden authors',
  authorName: 'kube-harden authors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '22.0.0',
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
  deps: ['yaml@2.9.1', 'js-yaml@4.3.2', 'ajv@8.20.0', 'commander@14.0.3', 'dockerfile-ast@0.7.1', 'minimatch@11.0.9', 'shell-quote@1.12.0'],
  peerDeps: Object.entries(frameworkPeers).map(([name, { floor }]) => `${name}@^${floor}`),
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'fast-check@4.11.0',
    'kubernetes-models@4.5.0',
    'cdk8s-cli@2.207.60',
    'typedoc@0.28.20',
    'typedoc-plugin-markdown@4.14.1',
    'ts-node@10.9.2',
    // SARIF output: typed with @types/sarif, validated in tests against the official 2.1.0 schema (a draft-04 JSON
    // schema shipped by @microsoft/sarif-matcher-utils; only its JSON file is used, offline).
    '@types/js-yaml@4.0.9',
    '@types/sarif@2.1.7',
    '@microsoft/sarif-matcher-utils@1.0.0-beta.0',
    'ajv-draft-04@1.0.0',
    'ajv-formats@3.0.1',
    '@types/node@22.20.7',
    'playwright-core@1.65.1',
    'ts-json-schema-generator@2.9.0',
    // A cdk8s-plus of today, beside the -27 the peers name: workloadRefOf takes any cdk8s-plus workload.
    'cdk8s-plus-33@2.5.57',
    ...Object.entries(frameworkPeers).map(([name, { current }]) => `${name}@${current}`),
  ],
  jestOptions: {
    jestVersion: '29.7.0',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // Coverage instruments every module and slows the suite by a third: `npm test -- --coverage` when wanted.
      collectCoverage: false,
      // jest's default is one worker per core less one: on CI's 2 cores that is a single worker.
      maxWorkers: '100%',
      // A first Pulumi or cdk8s test in a worker loads the framework (seconds on a busy 2-core machine); speed is the
      // benchmark's to judge, not the test timeout's.
      testTimeout: 30_000,
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
      // The package ships JavaScript and declarations only: no source maps that point at sources it does not ship.
      inlineSourceMap: false,
      inlineSources: false,
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../docs/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
    // The consumer project of scripts/ci/check-package.sh imports the packed package by name: it is checked there.
    exclude: ['../scripts/ci/consumer/**'],
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

/** The package's entry points: subpath → compiled module (without extension) under dist/. */
const entryPoints: Record<string, string> = {
  '.': 'index',
  './cdk8s': 'cdk8s/index',
  './pulumi': 'pulumi/index',
  './pulumi/testing': 'pulumi/testing',
  './pulumi/policy': 'pulumi/policy-pack',
  './audit': 'audit/index',
};
project.package.addField('exports', {
  ...Object.fromEntries(Object.entries(entryPoints).map(([subpath, module]) => [
    subpath, { types: `./dist/${module}.d.ts`, default: `./dist/${module}.js` },
  ])),
  './package.json': './package.json',
});
// TypeScript's CommonJS default resolution (node10, cdk8s's own app template) ignores `exports`: typesVersions maps
// the same subpaths to their declarations there. Resolution modes that read `exports` never look at it.
project.package.addField('typesVersions', {
  '*': Object.fromEntries(Object.entries(entryPoints)
    .filter(([subpath]) => subpath !== '.')
    .map(([subpath, module]) => [subpath.slice(2), [`dist/${module}.d.ts`]])),
});
// What the tarball holds: compiled JavaScript and declarations, the CLI, and the docs. Nothing else (no tests,
// bench, scripts, CI or sample scratch files).
project.package.addField('files', [
  'dist/**/*.js', 'dist/**/*.d.ts', '!dist/js/**', 'bin/', 'docs/', 'API.md', 'RULES.md', 'README.md', 'LICENSE',
]);
// `npm ci` or `npm install` from a clone builds dist/, so the `kube-harden` bin works right after set-up.
project.package.setScript('prepare', 'tsc --build');

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
project.eslint?.addIgnorePattern('scripts/ci/consumer/');
// Build scripts (scripts/) run at build time only: they may use devDependencies (e.g. ts-json-schema-generator).
project.eslint?.allowDevDeps('scripts/**');

// `npx projen docgen`: docs/defaults.md from the profile table, API.md from the TSDoc (typedoc.json). CI fails when stale.
project.addTask('docgen', {
  description: 'Generate docs/defaults.md and API.md',
  exec: 'node scripts/docgen.mjs',
});
// The props schema of the validation boundary, derived from the TypeScript props types; test/core/props-schema.test.ts fails when stale.
project.addTask('docgen:schema', {
  description: 'Generate lib/core/props-schema.generated.ts from the public props types',
  exec: 'ts-node --transpile-only scripts/props-schema.ts',
});
project.tasks.tryFind('docgen')!.prependSpawn(project.tasks.tryFind('docgen:schema')!);
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

// `npm run bench`: synth, Pulumi and audit speed against reference runs measured alongside (not part of `npm test`).
project.addTask('bench', {
  description: 'Benchmark synth, Pulumi and audit against cdk8s ApiObjects, cdk8s-plus-27, raw Pulumi resources and YAML parsing',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
  exec: 'node -r ts-node/register/transpile-only bench/run.ts',
  receiveArgs: true,
});

// `npm run fuzz`: the hostile-input property test (test/core/hostile-props.property.test.ts) with deeper runs than `npm test`'s
// 1,000 per construct (FUZZ_DEPTH=deep: 20,000 cases and 10 parity samples per construct; FUZZ_RUNS, FUZZ_PARITY_SAMPLES
// and FUZZ_SEED override), and the reachability oracle of the constructs (test/audit/reach/oracle.property.test.ts: 5,000
// intents per mesh mode instead of 500; REACH_ORACLE_RUNS overrides) with its bulk exposure count
// (test/audit/reach/exposure-count.property.test.ts: 3,000 clusters instead of 300; REACH_EXPOSURE_RUNS overrides), and
// the engine's mesh candidates (test/audit/reach/mesh-candidates.property.test.ts: 5,000 instead of 500; MESH_CANDIDATES_RUNS),
// and field positions against the yaml library (test/audit/input/field-positions.oracle.property.test.ts: 3,000 instead of
// 300; POSITION_ORACLE_RUNS) and the block reader against them (test/audit/input/block-positions.property.test.ts: 3,000
// instead of 300; BLOCK_POSITION_RUNS).
// `npm run fuzz -- ...` passes jest options.
project.addTask('fuzz', {
  description: 'Hostile-input property test with 20,000 cases per construct (FUZZ_RUNS)',
  env: { FUZZ_DEPTH: 'deep' },
  exec: 'jest --ci --coverage=false test/core/hostile-props.property.test.ts test/audit/reach/oracle.property.test.ts test/audit/reach/exposure-count.property.test.ts test/audit/reach/mesh-candidates.property.test.ts test/audit/input/field-positions.oracle.property.test.ts test/audit/input/block-positions.property.test.ts',
  receiveArgs: true,
});

// `npm test`: type-check everything, lint, then jest in CI mode (a snapshot is never rewritten).
const testTask = project.tasks.tryFind('test')!;
testTask.reset('tsc --noEmit -p test/tsconfig.json');
testTask.env('ESLINT_USE_FLAT_CONFIG', 'false');
testTask.exec('eslint --ext .ts --no-error-on-unmatched-pattern --max-warnings 0 lib test examples bench scripts .projenrc.ts');
testTask.exec('jest --ci --passWithNoTests=false', { receiveArgs: true });

project.synth();
