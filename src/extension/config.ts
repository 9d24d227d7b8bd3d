// Reads the `errcode` settings once per change and hands out a typed, sanitised snapshot, with which
// settings changed: each feature redoes only what those affect (toggling hovers rescans nothing).
import * as vscode from 'vscode';
import { sanitizeSettings, type Settings } from '../core/policy/settings';

export const SECTION = 'errcode';

export type SettingKey = keyof Settings;

/** One change of the `errcode.*` settings: the new snapshot and the keys whose values differ. */
export interface SettingsChange {
  readonly settings: Settings;
  readonly previous: Settings;
  readonly changed: ReadonlySet<SettingKey>;
  /** True when any of `keys` changed. */
  affects(...keys: SettingKey[]): boolean;
}

/** The keys whose sanitised values differ (values are plain JSON data). */
export function changedSettings(previous: Settings, next: Settings): Set<SettingKey> {
  const changed = new Set<SettingKey>();
  for (const key of new Set([...Object.keys(previous), ...Object.keys(next)]) as Set<SettingKey>) {
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) changed.add(key);
  }
  return changed;
}

export class Config implements vscode.Disposable {
  private current: Settings;
  private readonly emitter = new vscode.EventEmitter<SettingsChange>();
  private readonly listener: vscode.Disposable;
  /** Fires when an `errcode.*` setting changed its (sanitised) value, with which ones did. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.current = Config.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const previous = this.current;
      const settings = Config.read();
      const changed = changedSettings(previous, settings);
      this.current = settings;
      // A change that sanitises to the same values (an invalid value replaced by another) is none.
      if (changed.size === 0) return;
      this.emitter.fire({ settings, previous, changed, affects: (...keys) => keys.some((k) => changed.has(k)) });
    });
  }

  get settings(): Settings {
    return this.current;
  }

  private static read(): Settings {
    const c = vscode.workspace.getConfiguration(SECTION);
    return sanitizeSettings((key) => c.get(key));
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
