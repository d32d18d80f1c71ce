import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // A package's dist/ layout is not its API: import what its entry points export.
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['*/dist/*', '@*/*/dist/*'], message: 'import from the package entry point, not its dist/ folder' }] }],
    },
  },
);
