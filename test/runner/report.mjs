// Prints the JSON report the extension-host suite writes (see test/integration/index.ts).
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';

export function printReport(report, reportFile) {
  console.log(`\nVS Code ${report.vscodeVersion} (${report.appHost}), ${report.files.length} test file(s), ${report.durationMs} ms`);
  for (const t of report.tests) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${t.title}${t.state === 'pending' ? ' (pending)' : ` (${t.durationMs} ms)`}`);
    if (t.error) {
      // Long assertion diffs are cut here; the whole text is in the report file.
      const lines = t.error.split('\n');
      const shown = lines.length > 30 ? [...lines.slice(0, 30), `… ${lines.length - 30} more lines in ${path.relative(repoRoot, reportFile)}`] : lines;
      console.log(shown.map((l) => `      ${l}`).join('\n'));
    }
  }
  const metrics = Object.entries(report.metrics ?? {});
  if (metrics.length) console.log(`metrics: ${metrics.map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
