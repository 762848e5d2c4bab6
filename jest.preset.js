// One home for how Surge's specs run. Two kinds: unit specs beside the code
// (no I/O), and integration specs against the real Kafka broker and MySQL the
// stack script starts. The root jest.config.js runs both over the whole tree
// (npm test); each project's jest.config.js and jest.integration.config.js run
// its own (nx test <project>, nx integration <project>).
const path = require('node:path');

const workspaceRoot = __dirname;

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
  // ESM-only packages that CommonJS code requires (Swagger UI's @fastify/static
  // needs content-disposition 3). Node >= 20.19 loads them natively; jest's
  // module loader cannot, so they are compiled to CommonJS like our sources.
  '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};

const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['^(?!.*/node_modules/content-disposition/).*/node_modules/'],
  moduleNameMapper: { '^@surge/([a-z-]+)$': path.join(workspaceRoot, 'libs/$1/src/index.ts') },
  setupFiles: ['reflect-metadata'],
};

/** Unit specs (`*.spec.ts`) under rootDir, or under its `dirs` when given. */
function unitProject(rootDir, dirs = ['**']) {
  return { ...common, rootDir, displayName: 'unit', testMatch: dirs.map((dir) => `<rootDir>/${dir}/*.spec.ts`) };
}

/** Integration specs (`*.int-spec.ts`): they need the stack, checked once by the global setup. */
function integrationProject(rootDir, dirs = ['**']) {
  return {
    ...common,
    rootDir,
    displayName: 'integration',
    testMatch: dirs.map((dir) => `<rootDir>/${dir}/*.int-spec.ts`),
    globalSetup: path.join(workspaceRoot, 'libs/testing/src/global-setup.ts'),
    // App logs are kept per test and printed only for a failing one.
    testEnvironment: path.join(workspaceRoot, 'libs/testing/src/jest/app-logs-environment.ts'),
    setupFiles: ['reflect-metadata', path.join(workspaceRoot, 'libs/testing/src/jest/capture-app-logs.ts')],
    slowTestThreshold: 30,
  };
}

// Integration hooks start and stop whole apps, and a consumer leaving its group
// can take seconds (jest reads this option for the whole run only).
const testTimeout = 60_000;

module.exports = { unitProject, integrationProject, testTimeout };
