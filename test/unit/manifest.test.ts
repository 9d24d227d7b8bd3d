// package.json must match what the code registers: commands, menus, views, settings and strings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Commands, HOVER_COMMANDS } from '../../src/extension/commands';
import { DEFAULT_SETTINGS } from '../../src/core/policy/settings';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const ids = new Set<string>(Object.values(Commands));

test('every command in code is contributed, and every contributed command exists in code', () => {
  const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
  assert.deepEqual([...contributed].sort(), [...ids].sort());
  for (const c of pkg.contributes.commands) assert.ok(c.category, `${c.command} has a category`);
  for (const id of HOVER_COMMANDS) assert.ok(ids.has(id));
});

test('menus only name contributed commands; tree-only commands are hidden from the palette', () => {
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
  }
  const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m: { when?: string }) => m.when === 'false').map((m: { command: string }) => m.command));
  for (const id of [Commands.showFinding, Commands.copyExplanation, Commands.copySupportReport, Commands.revealOccurrence]) assert.ok(hidden.has(id), `${id} hidden`);
});

test('views are in the contributed container and have an icon', () => {
  const containers = pkg.contributes.viewsContainers.activitybar;
  assert.equal(containers.length, 1);
  assert.ok(fs.existsSync(path.join(root, containers[0].icon)));
  const views = pkg.contributes.views[containers[0].id].map((v: { id: string }) => v.id);
  assert.deepEqual(views.sort(), ['errcode.catalog', 'errcode.errors']);
});

test('every %key% in the manifest has a string in package.nls.json', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 20);
  for (const k of keys) assert.equal(typeof nls[k], 'string', k);
});

test('settings defaults in the manifest equal the code defaults', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(props['errcode.languages'].default, DEFAULT_SETTINGS.languages);
  assert.deepEqual(props['errcode.logLanguages'].default, DEFAULT_SETTINGS.logLanguages);
  assert.deepEqual(props['errcode.exclude'].default, DEFAULT_SETTINGS.exclude);
  assert.equal(props['errcode.diagnostics.maxPerFile'].default, DEFAULT_SETTINGS.maxDiagnosticsPerFile);
  assert.equal(props['errcode.diagnostics.debounceMs'].default, DEFAULT_SETTINGS.debounceMs);
  assert.deepEqual(props['errcode.userCatalogs'].default, DEFAULT_SETTINGS.userCatalogs);
});

test('lazy activation, restricted settings, engine matches the types', () => {
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['errcode.userCatalogs']);
  assert.equal(pkg.engines.vscode, `^${pkg.devDependencies['@types/vscode']}`);
  assert.ok(fs.existsSync(path.join(root, pkg.icon)));
});
