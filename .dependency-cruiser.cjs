// The import rules of src/ (docs/architecture.md), checked by `npm run deps` inside `npm test`.
// Folders are layered: a module may import from its own folder and from folders below it, never above.
// A total order of folders makes a folder-level cycle impossible; `no-circular` catches file-level ones.
const { existsSync } = require('node:fs');

/** The detection core, lowest first. It knows nothing of the application. */
const CORE = ['model', 'rules', 'extract', 'notices', 'detect', 'protocols', 'site', 'combine', 'policy', 'resources', 'signals', 'engine'];
/** The application around it, lowest first. */
const APP = ['store', 'review', 'audit', 'export', 'service', 'batch', 'dashboard', 'serve', 'cli', 'eval'];
const LAYERS = [...CORE, ...APP];

const folder = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join('|')})/`;

/**
 * One folder per protocol under src/protocols/ (parsing, page and site detection together), layered the same
 * way: `shared` first, then robots.txt (whose records carry the Content-Signal, Content-Usage, License and
 * ai.txt lines), then the rest; `notices` reads every site file's free text, so it comes last.
 */
const PROTOCOLS = ['shared', 'robots', 'tdmrep', 'aipref', 'contentSignal', 'rsl', 'cc', 'schemaOrg', 'dcRights', 'aiTxt', 'notices'];

const protocolRules = PROTOCOLS.map((name, i) => ({
  name: `protocol-${name}`,
  comment: `src/protocols/${name}/ may import only protocols/${PROTOCOLS.slice(0, i).join(', ') || '(none)'} of its siblings: see docs/architecture.md`,
  severity: 'error',
  from: { path: `^src/protocols/${name}/` },
  to: { path: `^src/protocols/(${PROTOCOLS.slice(i + 1).join('|')})/` },
}));

const knownProtocolsOnly = {
  name: 'known-protocols-only',
  comment: 'Every folder of src/protocols/ has a place in PROTOCOLS above.',
  severity: 'error',
  from: { path: '^src/protocols/', pathNot: `^src/protocols/(${PROTOCOLS.join('|')})/` },
  to: {},
};

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
    knownProtocolsOnly,
    ...layerRules,
    ...protocolRules,
  ],
  options: {
    tsPreCompilationDeps: true,
    ...(existsSync('tsconfig.json') ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
