// Reads the `errcode` settings once per change and hands out a typed, sanitised snapshot.
import * as vscode from 'vscode';
import { sanitizeSettings, type Settings } from '../core/policy/settings';

export const SECTION = 'errcode';

export class Config implements vscode.Disposable {
  private current: Settings;
  private readonly emitter = new vscode.EventEmitter<Settings>();
  private readonly listener: vscode.Disposable;
  /** Fires only when an `errcode.*` setting changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.current = Config.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.current = Config.read();
      this.emitter.fire(this.current);
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
