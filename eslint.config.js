const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

/**
 * Module boundaries the architecture depends on, enforced rather than hoped for:
 * apps never import each other; contracts import no framework; pacing is plain
 * arithmetic; kafkajs is imported by the kafka libs alone (libs/kafka and its
 * testing entry point libs/kafka-testing); test helpers (type:testing) stay out
 * of every lib, and out of apps' production files (the restricted imports below:
 * a tag covers a whole project, specs included).
 */
const boundaries = {
  enforceBuildableLibDependency: true,
  allow: [],
  depConstraints: [
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:data', 'type:testing'],
    },
    {
      sourceTag: 'type:contracts',
      onlyDependOnLibsWithTags: ['type:contracts'],
      bannedExternalImports: ['@nestjs/*', 'kafkajs', 'typeorm', 'mysql2', 'class-validator', 'class-transformer'],
    },
    { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contracts'] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
    // Rates, shares and backoff over a clock: no broker client, no framework, no other lib.
    { sourceTag: 'scope:pacing', onlyDependOnLibsWithTags: [], bannedExternalImports: ['kafkajs', '@nestjs/*'] },
    // End-to-end specs drive the apps as processes and check the build output; they import no app.
    {
      sourceTag: 'type:e2e',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:data', 'type:testing'],
    },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:data', 'type:testing'],
    },
    // Every project carries a scope tag; only scope:kafka may import kafkajs.
    { sourceTag: '/^scope:(?!kafka$)/', bannedExternalImports: ['kafkajs'] },
  ],
};

module.exports = tseslint.config(
  { ignores: ['node_modules/', '.stack/', '.nx/', 'dist/', 'coverage/', 'reports/', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries],
      // Nothing is fire-and-forget: an unawaited send is an order that may be lost silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Production code may not reach for test helpers.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test-support/**', 'libs/testing/**', 'libs/kafka-testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@surge/testing', message: 'test helpers are for specs only' },
            { name: '@surge/kafka-testing', message: 'topic readers are for specs, benches, drills and audits only' },
          ],
        },
      ],
    },
  },
);
