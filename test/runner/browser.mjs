// Debian's Chromium driven by playwright-core (which downloads no browser of its own).
// Flags from ../shared/REAL_VSCODE.md: no sandbox (we run as root), no GPU, and nothing that
// phones home, since these machines have no network beyond npm and Debian.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { HarnessError } from './codeServer.mjs';

export const CHROMIUM = process.env.ERRCODE_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium({ headless = true } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new HarnessError(`${CHROMIUM} not found: install Debian's Chromium (\`apt-get install -y chromium\`) or set ERRCODE_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS, timeout: 60_000 });
}
