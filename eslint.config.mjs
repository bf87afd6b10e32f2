// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that do I/O. domain/ stays pure: it may import none of them (style.md, layering). */
const IO_MODULES = [
  'mongoose',
  'mongodb',
  '@camunda8/sdk',
  'express',
  'nodemailer',
  'pino',
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:child_process',
  'fs',
  'net',
  'http',
  'https',
  'child_process',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.runtime/**', 'coverage/**', 'test-results/**', 'portal/dist/**', '*.config.js', '*.config.mjs', 'portal/*.config.mjs', 'test/support/summary-reporter.js', 'test/support/sequencer.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({ name, message: 'domain/ is pure: I/O belongs in adapters/ or services/.' })),
          patterns: [
            { group: ['**/adapters/**', '**/services/**', '**/api/**', '**/workers/**', '**/runtime/**'], message: 'domain/ depends on nothing outside it.' },
          ],
        },
      ],
    },
  },
  {
    // the portal's browser modules: plain ES modules, type-checked by portal/tsconfig.json (DOM lib),
    // which already rejects unknown names, as it does for TypeScript files
    files: ['portal/**/*.js'],
    languageOptions: { sourceType: 'module' },
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // supertest bodies are `any` by design; tests assert their shape
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
