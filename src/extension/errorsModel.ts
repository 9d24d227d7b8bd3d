// Results of scans the user asked for (the workspace, or a log too big to open), shown by the
// "Errors" view next to the findings of open files.
import * as vscode from 'vscode';
import type { Finding } from '../core/engine/finding';

export interface ScannedFile {
  uri: vscode.Uri;
  /** Findings with 0-based line numbers (the file may not be open). */
  findings: { finding: Finding; line: number; character: number }[];
  /** Set when only the first occurrences were kept (huge logs). */
  total?: number;
}

export class ErrorsModel implements vscode.Disposable {
  private files = new Map<string, ScannedFile>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  /** What the last requested scan covered, e.g. "workspace" or a file name. */
  label: string | undefined;

  get scanned(): readonly ScannedFile[] {
    return [...this.files.values()];
  }

  set(label: string, files: ScannedFile[]): void {
    this.label = label;
    this.files = new Map(files.map((f) => [f.uri.toString(), f]));
    this.emitter.fire();
  }

  clear(): void {
    this.label = undefined;
    this.files.clear();
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
