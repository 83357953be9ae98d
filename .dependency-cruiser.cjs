// The import rules of src/ (docs/architecture.md), checked by `npm run deps` inside `npm test`.
// Folders are layered: a module may import from its own folder and from folders below it, never above.
// A total order of folders makes a folder-level cycle impossible; `no-circular` catches file-level ones.
const { existsSync } = require('node:fs');

/** The detection core, lowest first. It knows nothing of the application. */
const CORE = ['model', 'rules', 'extract', 'protocols', 'site', 'notices', 'combine', 'policy', 'resources', 'signals', 'engine'];
/** The application around it, lowest first. */
const APP = ['store', 'review', 'audit', 'export', 'service', 'batch', 'dashboard', 'serve', 'cli', 'eval'];
const LAYERS = [...CORE, ...APP];

const folder = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.map((name, i) => ({
  name: `layer-${name}`,
  comment: `src/${name}/ may import only ${LAYERS.slice(0, i).join(', ') || 'nothing of src/'} (and itself): see docs/architecture.md`,
  severity: 'error',
  from: { path: folder(name) },
  to: { path: anyOf(LAYERS.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between files (a cycle couples modules that should be layered).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-app',
      comment: `The detection core (${CORE.join(', ')}) imports nothing from the application (${APP.join(', ')}).`,
      severity: 'error',
      from: { path: anyOf(CORE) },
      to: { path: anyOf(APP) },
    },
    {
      name: 'known-folders-only',
      comment: 'Every folder of src/ has a place in the layers above (add a new one to CORE or APP).',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: anyOf(LAYERS) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    tsPreCompilationDeps: true,
    ...(existsSync('tsconfig.json') ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
