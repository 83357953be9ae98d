// Jest 30 + ts-jest in CommonJS mode. Node >= 20.19 can require() ESM-only packages, but jest on Node 20
// cannot, so the ESM-only packages in node_modules are transpiled to CJS by ts-jest. This is the one place
// that knows about it: when a new ESM-only dependency fails with "Must use import to load ES Module",
// add its name (and those of its ESM-only dependencies) here.
const esmOnly = [
  'kysely',
  'htmlparser2', 'domhandler', 'domutils', 'dom-serializer', 'domelementtype', 'entities',
  'franc-min', 'trigram-utils', 'n-gram', 'collapse-white-space',
];
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', isolatedModules: true, skipLibCheck: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // Builds dist/ once per run: CLI, worker and server-process tests run the compiled code.
  globalSetup: '<rootDir>/test/setup/build.cjs',
};
