/**
 * Three projects: `unit` (pure logic, no I/O, runs in seconds), `integration` (the real
 * engine and the real database, started by test/support/global-setup.ts when not running) and
 * `e2e` (the portal in Debian's Chromium through playwright-core, on the same real platform;
 * the setup runs once for both).
 * @type {import('jest').Config}
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
/**
 * The bpmn-io packages the server lints and reads diagrams with ship ES modules only; Node
 * loads them natively (require of ES modules), jest's own loader does not, so they are
 * compiled to CommonJS for tests.
 */
const esmOnly = ['bpmn-moddle', 'dmn-moddle', 'moddle', 'moddle-xml', 'min-dash', 'saxen', 'zeebe-bpmn-moddle', 'bpmnlint-utils', '@bpmn-io', 'feelin', 'lezer-feel', '@lezer', 'feelers', 'min-dom'];
const transform = {
  '^.+\\.ts$': tsJest,
  '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true }, isolatedModules: true }],
};
// node_modules stay untransformed unless the path runs through one of those packages (nested copies too)
const transformIgnorePatterns = [`^(?!.*/node_modules/(${esmOnly.join('|')})/).*/node_modules/`];

module.exports = {
  // integration tests wait for the engine and the workers; unit tests finish long before
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.unit.spec.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.integration.spec.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
