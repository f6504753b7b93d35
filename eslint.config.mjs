import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Module boundaries (DESIGN.md §3) are errors, not warnings:
 *  - type: app → anything; feature → feature/data-access/domain/ui/util/contracts;
 *    data-access → data-access/domain/util/contracts; domain → domain/util/contracts;
 *    util → util/contracts; contracts → contracts only.
 *  - scope: a service's libs use only their own scope, the platform and the contracts —
 *    never another service's libs (talk through its API or its events instead).
 */
const services = [
  'identity',
  'directory',
  'messaging',
  'presence',
  'gateway',
  'integrations',
  'audit',
];
const fixtureScopes = ['lint-fixture-alpha', 'lint-fixture-beta'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/tmp',
      '**/.nx',
      'coverage',
      'data',
      'docs/**/*.html',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:data-access',
                'type:domain',
                'type:contracts',
                'type:testing',
                'type:feature',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:domain',
                'type:ui',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:domain',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:contracts'],
            },
            {
              sourceTag: 'type:ui',
              onlyDependOnLibsWithTags: ['type:ui', 'type:util', 'type:contracts'],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'scope:platform',
              onlyDependOnLibsWithTags: ['scope:platform', 'scope:contracts'],
            },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:tidings', onlyDependOnLibsWithTags: ['*'] },
            // The composition root (libs/host) wires every service together, as the apps do.
            { sourceTag: 'scope:host', onlyDependOnLibsWithTags: ['*'] },
            ...[...services, ...fixtureScopes].map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:platform', 'scope:contracts'],
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // The Angular web client: angular-eslint's recommended rules, inline templates included
  // (with their accessibility rules), and the `td` selector prefix.
  ...[...angular.configs.tsRecommended].map((config) => ({
    ...config,
    files: ['apps/web/**/*.ts', 'libs/web/**/*.ts'],
  })),
  {
    files: ['apps/web/**/*.ts', 'libs/web/**/*.ts'],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'td', style: 'kebab-case' },
      ],
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'td', style: 'camelCase' },
      ],
    },
  },
  ...[...angular.configs.templateRecommended, ...angular.configs.templateAccessibility].map(
    (config) => ({ ...config, files: ['apps/web/**/*.html', 'libs/web/**/*.html'] }),
  ),
  prettier,
];
