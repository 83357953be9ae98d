import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The import rules of .dependency-cruiser.cjs (docs/architecture.md), each shown to fire on a small tree
 * that breaks it, and to stay quiet on one that does not. `npm run deps` applies them to src/.
 */
const root = join(__dirname, '..', '..');
const bin = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-deps-'));
  try {
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const p = spawnSync(process.execPath, [bin, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
      cwd: dir,
      encoding: 'utf8',
    });
    return { status: p.status, out: p.stdout + p.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const leaf = 'export const x = 1;\n';

describe('import rules', () => {
  test('a tree that follows the layers passes', () => {
    const r = cruise({
      'src/model/a.ts': leaf,
      'src/engine/b.ts': "import { x } from '../model/a';\nexport const y = x;\n",
      'src/cli/c.ts': "import { y } from '../engine/b';\nexport const z = y;\n",
    });
    expect(r.out).toContain('no dependency violations');
    expect(r.status).toBe(0);
  });

  test('the detection core importing the application fails (core-imports-no-app, layer)', () => {
    const r = cruise({
      'src/store/open.ts': leaf,
      'src/model/verdict.ts': "import { x } from '../store/open';\nexport const v = x;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/core-imports-no-app: src\/model\/verdict\.ts → src\/store\/open\.ts/);
    expect(r.out).toMatch(/layer-model:/);
  });

  test('a core folder importing a higher core folder fails (layer)', () => {
    const r = cruise({
      'src/engine/engine.ts': leaf,
      'src/notices/find.ts': "import { x } from '../engine/engine';\nexport const f = x;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/layer-notices: src\/notices\/find\.ts → src\/engine\/engine\.ts/);
  });

  test('an import cycle between two files of one folder fails (no-circular)', () => {
    const r = cruise({
      'src/notices/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/notices/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/no-circular: src\/notices\/a\.ts/);
  });

  test('a folder without a place in the layers fails (known-folders-only)', () => {
    const r = cruise({
      'src/model/a.ts': leaf,
      'src/misc/helper.ts': "import { x } from '../model/a';\nexport const h = x;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/known-folders-only: src\/misc\/helper\.ts/);
  });

  test('a protocol folder importing a later protocol folder fails (protocol layer)', () => {
    const r = cruise({
      'src/protocols/rsl/parse.ts': leaf,
      'src/protocols/robots/records.ts': "import { x } from '../rsl/parse';\nexport const r = x;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/protocol-robots: src\/protocols\/robots\/records\.ts → src\/protocols\/rsl\/parse\.ts/);
  });

  test('a protocol importing the site context that is built from the protocols fails (layer)', () => {
    const r = cruise({
      'src/site/context.ts': leaf,
      'src/protocols/tdmrep/site.ts': "import { x } from '../../site/context';\nexport const d = x;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/layer-protocols: src\/protocols\/tdmrep\/site\.ts → src\/site\/context\.ts/);
  });

  test('a protocol folder without a place in the protocol order fails (known-protocols-only)', () => {
    const r = cruise({
      'src/protocols/shared/a.ts': leaf,
      'src/protocols/newThing/page.ts': "import { x } from '../shared/a';\nexport const p = x;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/known-protocols-only: src\/protocols\/newThing\/page\.ts/);
  });
});
