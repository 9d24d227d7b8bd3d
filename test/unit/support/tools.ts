// The programs some unit tests check the product's output against (CPython, PyYAML, Go, jq, Ruby).
// `npm test` installs their Debian packages first (scripts/systemDeps.mjs, as CI's .ci/run does); a
// test that needs one and does not find it fails, saying what to install. It never skips: a check
// that quietly does not run is a check nobody has.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** Debian's python3: the one whose python3-yaml, python3-tenacity and python3-backoff `npm test` installs. */
export const PYTHON = process.env.ERRCODE_PYTHON || (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/**
 * Runs `cmd args` (a version query or a tiny probe) and returns its output; fails the test when the
 * program is missing or the probe fails, naming the Debian package that provides it.
 */
export function requireTool(cmd: string, args: readonly string[], debianPackage: string, input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, input });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status}: ${(r.stderr ?? '').trim().slice(0, 300)}`;
    assert.fail(`\`${[cmd, ...args].join(' ')}\` failed (${why}). This test needs the Debian package ${debianPackage}: \`npm test\` installs it (scripts/systemDeps.mjs), or run \`apt-get install ${debianPackage}\`.`);
  }
  return (r.stdout || r.stderr).trim();
}
