const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

/**
 * Module boundaries the architecture depends on, enforced rather than hoped for:
 * apps never import each other; contracts import no framework; kafkajs is
 * imported by libs/kafka alone; test helpers stay out of production code.
 */
const boundaries = {
  enforceBuildableLibDependency: true,
  allow: [],
  depConstraints: [
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:data', 'type:testing'],
      bannedExternalImports: ['kafkajs'],
    },
    {
      sourceTag: 'type:contracts',
      onlyDependOnLibsWithTags: ['type:contracts'],
      bannedExternalImports: ['@nestjs/*', 'kafkajs', 'typeorm', 'mysql2', 'class-validator', 'class-transformer'],
    },
    { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: ['kafkajs'] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
    { sourceTag: 'scope:shared', bannedExternalImports: ['kafkajs'] },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:data', 'type:testing'],
    },
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
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test-support/**', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@surge/testing', message: 'test helpers are for specs only' }] },
      ],
    },
  },
);
