// Writes snippets/<language>.json from the built-in catalog, with the same retry helpers the quick fixes
// insert. A unit test fails when the committed files differ from a fresh generation.
//
//   npx esbuild scripts/gen-snippets.ts --bundle --platform=node --loader:.jsonc=text --outfile=out/scripts/gen-snippets.js \
//     && node out/scripts/gen-snippets.js            (add --check to only report stale files)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBuiltinCatalog } from '../src/core/catalog/catalog';
import { buildSnippetFiles } from '../src/core/retry/snippets';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'core', 'retry'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

const check = process.argv.includes('--check');
const root = repoRoot();
let stale = 0;
for (const [rel, text] of Object.entries(buildSnippetFiles(loadBuiltinCatalog()))) {
  const file = path.join(root, rel);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  stale++;
  if (check) {
    console.error(`${rel} is stale`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${rel}`);
  }
}
if (check && stale) process.exit(1);
if (!stale) console.log('snippets are up to date');
