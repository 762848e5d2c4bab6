// Two projects: unit specs beside the code (no I/O), and integration specs
// that run against the real Kafka broker and MySQL the stack script starts
// (and the real promtool and Prometheus, for ops/).
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
};
// ESM-only packages that CommonJS code requires (Swagger UI's @fastify/static
// needs content-disposition 3). Node >= 20.19 loads them natively; jest's
// module loader cannot, so they are compiled to CommonJS like our sources.
transform['^.+\\.js$'] = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];
const transformIgnorePatterns = ['^(?!.*/node_modules/content-disposition/).*/node_modules/'];
const moduleNameMapper = { '^@surge/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' };
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // Integration hooks start and stop whole apps, and a consumer leaving its
  // group can take seconds (jest reads this option for the whole run only).
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,ops}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,ops}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      // App logs are kept per test and printed only for a failing one.
      testEnvironment: '<rootDir>/libs/testing/src/jest/app-logs-environment.ts',
      setupFiles: ['reflect-metadata', '<rootDir>/libs/testing/src/jest/capture-app-logs.ts'],
      slowTestThreshold: 30,
    },
  ],
};
