// Flat config: TypeScript rules everywhere, Lit template rules for the widgets.
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      '**/*.generated.*',
      '**/generated/**',
      '.test-results/',
      'screenshots/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['widgets/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  ...layerRules(),
);

/**
 * The layers of ARCHITECTURE.md ("Layers"): which folder's source may import which. Tests and test
 * support may reach across (a test starts the emulator to have a Dataverse to talk to); source may
 * not. Each entry names the folders a layer must never import.
 */
function layerRules() {
  const server = [
    'api',
    'shared',
    'settings',
    'config',
    'dataverse',
    'shared-state',
    'emulator',
    'proxy',
    'connect',
    'stack',
    'testing',
  ];
  const others = (...allowed) => server.filter((name) => !allowed.includes(name));
  const layers = [
    { dir: 'server/api', forbidden: others('api'), why: 'the API contract depends on nothing' },
    { dir: 'server/shared', forbidden: others('shared'), why: 'shared helpers depend on nothing' },
    {
      dir: 'server/dataverse',
      forbidden: others('dataverse', 'shared'),
      why: 'the Dataverse client stands on its own and maps nothing to Portico codes',
    },
    {
      dir: 'server/shared-state',
      forbidden: others('shared-state', 'dataverse', 'shared'),
      why: "what instances share through Redis implements the Dataverse client's budget and knows nothing of the proxy",
    },
    {
      dir: 'server/emulator',
      forbidden: others('emulator', 'shared'),
      why: 'the emulator stands in for Dataverse and knows nothing of Portico',
    },
    {
      dir: 'server/config',
      forbidden: others('config', 'api', 'shared'),
      why: "the admin's schemas compile on their own",
    },
    {
      dir: 'server/settings',
      forbidden: others('settings', 'dataverse', 'shared'),
      why: 'server settings read the environment only',
    },
    {
      dir: 'server/proxy',
      forbidden: ['emulator', 'connect', 'stack', 'testing'],
      why: 'the security boundary starts no Dataverse and runs no admin tool: server/stack assembles them',
    },
    {
      dir: 'server/connect',
      forbidden: ['proxy', 'emulator', 'stack', 'testing'],
      why: 'the admin tools talk to Dataverse, not through the proxy',
    },
  ];
  const testSupport = [
    '**/*.test.ts',
    'server/testing/**',
    'server/proxy/attack/**',
    'server/proxy/fuzz-inputs.ts',
    'widgets/src/internal/test/**',
  ];
  return [
    ...layers.map(({ dir, forbidden, why }) => ({
      files: [`${dir}/**/*.ts`],
      ignores: testSupport,
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `(^|/)(${forbidden.join('|')})/`,
                message: `${dir}: ${why} (ARCHITECTURE.md, Layers).`,
              },
            ],
          },
        ],
      },
    })),
    {
      files: ['widgets/src/**/*.ts'],
      ignores: testSupport,
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: '(^|/)server/(?!api/)',
                message:
                  'widgets/src: the widgets know the server only through server/api (ARCHITECTURE.md, Layers).',
              },
            ],
          },
        ],
      },
    },
  ];
}
