// The same extension-host suite under desktop VS Code, through @vscode/test-electron, for machines
// with network access (it downloads VS Code into .vscode-test/). Offline machines use
// runIntegration.mjs (code-server) instead; both call run() in out/test/integration/index.js.
// Usage: npm run test:electron   (VSCODE_VERSION=1.138.0 to test the minimum engine, default stable)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './codeServer.mjs';
import { printReport } from './report.mjs';

const testsBundle = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const reportFile = path.join(repoRoot, 'test-results', 'integration', 'electron-report.json');

async function main() {
  if (!fs.existsSync(testsBundle)) throw new Error('out/test/integration/index.js is missing: run `node esbuild.js --tests` first');
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.rmSync(reportFile, { force: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'errcode-electron-user-'));
  let runError;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsBundle,
      extensionTestsEnv: { ERRCODE_TEST_REPORT: reportFile },
      launchArgs: [
        path.join(repoRoot, 'test', 'fixtures', 'workspace'),
        '--disable-extensions', // only the extension under development (and built-ins) load
        '--disable-workspace-trust',
        '--user-data-dir', userDataDir,
      ],
    });
  } catch (e) {
    runError = e; // a failing suite rejects too; the report says what failed
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (!fs.existsSync(reportFile)) {
    console.error(`[electron] FAILED: no report at ${path.relative(repoRoot, reportFile)}${runError ? `: ${runError.message ?? runError}` : ''}`);
    console.log('integration: 0 passed, 1 failed');
    return 1;
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  printReport(report, reportFile);
  const failed = report.passed + report.failed === 0 ? 1 : report.failed;
  console.log(`integration: ${report.passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`[electron] FAILED: ${e?.stack ?? e}`);
  console.log('integration: 0 passed, 1 failed');
  process.exit(1);
});
