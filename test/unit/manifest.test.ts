// package.json must match what the code registers: commands, menus, views, settings and strings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { Commands, HOVER_COMMANDS } from '../../src/extension/commands';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from '../../src/core/policy/settings';

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

// Settings: package.json declares them (what VS Code shows and validates), src/core/policy/settings.ts
// reads them (DEFAULT_SETTINGS, sanitizeSettings). Each key must be declared and read, with one default.
interface SettingSchema {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  additionalProperties?: { enum?: string[] };
}
const declared = pkg.contributes.configuration.properties as Record<string, SettingSchema>;
const settingKeys = Object.keys(declared).map((k) => k.replace(/^errcode\./, ''));
const schemaOf = (key: string): SettingSchema => declared[`errcode.${key}`];

/** The settings the sanitiser makes from `values` (keys without `errcode.`), and the keys it read. */
function sanitized(values: Record<string, unknown> = {}): { settings: Settings; read: Set<string> } {
  const read = new Set<string>();
  const settings = sanitizeSettings((key) => {
    read.add(key);
    return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined;
  });
  return { settings, read };
}

/** Valid values for the setting, at least one of them different from any default, to see which field it drives. */
function probeValues(key: string): unknown[] {
  const s = schemaOf(key);
  switch (s.type) {
    case 'boolean':
      return [true, false];
    case 'integer':
    case 'number':
      return [s.minimum ?? 0, s.maximum ?? (s.minimum ?? 0) + 1];
    case 'array':
      return [['errcode-probe']];
    case 'object':
      return [{ 'errcode-probe': s.additionalProperties?.enum?.[0] ?? 'x' }];
    case 'string':
      return s.enum ?? ['errcode-probe-1', 'errcode-probe-2'];
    default:
      throw new Error(`errcode.${key}: no probe for type ${s.type}`);
  }
}

/** The Settings fields that change when only `key` is set. */
function fieldsDrivenBy(key: string): (keyof Settings)[] {
  const changed = new Set<keyof Settings>();
  for (const v of probeValues(key)) {
    const { settings } = sanitized({ [key]: v });
    for (const f of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) if (!isDeepStrictEqual(settings[f], DEFAULT_SETTINGS[f])) changed.add(f);
  }
  return [...changed];
}

describe('settings: package.json and the sanitiser agree', () => {
  test('every declared setting is read by the sanitiser, and every setting it reads is declared', () => {
    assert.ok(settingKeys.length >= 10, `${settingKeys.length} settings declared`);
    assert.deepEqual([...sanitized().read].sort(), [...settingKeys].sort());
  });

  test('nothing set gives DEFAULT_SETTINGS; every declared default gives DEFAULT_SETTINGS too', () => {
    assert.deepEqual(sanitized().settings, DEFAULT_SETTINGS);
    assert.deepEqual(sanitized(Object.fromEntries(settingKeys.map((k) => [k, schemaOf(k).default]))).settings, DEFAULT_SETTINGS);
  });

  for (const key of settingKeys) {
    test(`errcode.${key}: its manifest default is the code's default`, () => {
      const fields = fieldsDrivenBy(key);
      assert.equal(fields.length, 1, `errcode.${key} should drive exactly one field of Settings, drives ${JSON.stringify(fields)}`);
      assert.deepStrictEqual(schemaOf(key).default, DEFAULT_SETTINGS[fields[0]], `errcode.${key}: package.json default vs DEFAULT_SETTINGS.${fields[0]}`);
    });
  }

  test('integer bounds in the manifest are the ones the sanitiser clamps to', () => {
    const bounded = settingKeys.filter((k) => schemaOf(k).type === 'integer');
    assert.ok(bounded.length > 0);
    for (const key of bounded) {
      const { minimum, maximum } = schemaOf(key);
      assert.ok(minimum !== undefined && maximum !== undefined, `errcode.${key} declares its minimum and maximum`);
      const [field] = fieldsDrivenBy(key);
      assert.equal(sanitized({ [key]: minimum - 1 }).settings[field], minimum, `errcode.${key} below its minimum`);
      assert.equal(sanitized({ [key]: maximum + 1 }).settings[field], maximum, `errcode.${key} above its maximum`);
      assert.equal(sanitized({ [key]: minimum }).settings[field], minimum);
      assert.equal(sanitized({ [key]: maximum }).settings[field], maximum);
    }
  });

  test('enumerated values in the manifest are exactly the ones the sanitiser keeps', () => {
    const objects = settingKeys.filter((k) => schemaOf(k).additionalProperties?.enum);
    assert.ok(objects.length > 0);
    for (const key of objects) {
      const [field] = fieldsDrivenBy(key);
      for (const v of schemaOf(key).additionalProperties!.enum!) assert.deepEqual(sanitized({ [key]: { k: v } }).settings[field], { k: v }, `errcode.${key}: ${v}`);
      assert.deepEqual(sanitized({ [key]: { k: 'not-a-declared-value' } }).settings[field], {}, `errcode.${key} drops what the manifest does not allow`);
    }
  });
});

test('lazy activation, restricted settings, engine matches the types', () => {
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['errcode.userCatalogs']);
  assert.equal(pkg.engines.vscode, `^${pkg.devDependencies['@types/vscode']}`);
  assert.ok(fs.existsSync(path.join(root, pkg.icon)));
});
