// Diagnostics for open documents: debounced on typing (a set of pending documents flushed after
// the delay), published from the cached, incrementally updated findings, cleared on close, never
// published for excluded files. A publish applies only to the document version and catalog its
// findings were made with, and only if no newer publish of the document started meanwhile.
import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/catalog';
import type { Severity } from '../../core/catalog/types';
import type { Finding } from '../../core/engine/finding';
import { planProblems, type Problem } from '../../core/policy/problems';
import { commandUri } from '../../core/render/explain';
import { problemMessage, relatedMessage } from '../../core/render/problemMessages';
import { isLargeFile, LARGE_FILE_MAX_DIAGNOSTICS } from '../../core/policy/settings';
import { Commands } from '../commands';
import type { Config, SettingKey } from '../config';
import { documentKind, isEnabledFor } from '../documentFilter';
import type { DocumentScans } from '../documentScans';
import { probe } from '../testHooks';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'errcode';

/**
 * A diagnostic of ours: `code` is the problem's rule id (linking to its explanation), `data` the
 * finding it is about, as plain data. VS Code hands the same objects back to code actions
 * (CodeActionContext.diagnostics), which read both instead of scanning again.
 */
export interface ProblemDiagnostic extends vscode.Diagnostic {
  data?: Finding;
}

/** The rule id and finding of one of our diagnostics, or undefined for anyone else's. */
export function problemOf(d: vscode.Diagnostic): { rule: string; finding?: Finding } | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'object' || typeof d.code.value !== 'string') return undefined;
  const data = (d as ProblemDiagnostic).data;
  const finding = data && typeof data === 'object' && typeof data.rule === 'string' && typeof data.start === 'number' ? data : undefined;
  return { rule: d.code.value, finding };
}

function explanationTarget(p: Problem): vscode.Uri {
  const entry = p.finding?.entry;
  return vscode.Uri.parse(commandUri(entry && p.rule === p.finding?.rule ? { title: '', command: Commands.showEntry, args: [entry] } : { title: '', command: Commands.showRule, args: [p.rule] }));
}

export function toDiagnostic(doc: vscode.TextDocument, p: Problem, catalog: Catalog): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(p.start), doc.positionAt(p.end));
  const d: ProblemDiagnostic = new vscode.Diagnostic(range, problemMessage(p, catalog), SEVERITY[p.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: p.rule, target: explanationTarget(p) };
  if (p.finding) d.data = p.finding;
  d.relatedInformation = p.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end))), relatedMessage(r)));
  return d;
}

/**
 * Settings that change nothing published. Any other change re-plans every document from its cached
 * findings (no rescan); a new catalog (`userCatalogs`) comes through DocumentScans.onDidChange.
 */
const UNRELATED_SETTINGS: readonly SettingKey[] = ['hover', 'codeActions', 'terminalLinks', 'debounceMs', 'userCatalogs'];

export function registerDiagnostics(config: Config, scans: DocumentScans): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const pending = new Set<vscode.TextDocument>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const disposables: vscode.Disposable[] = [collection];
  /** The newest publish started per document: an older one that finishes later is dropped. */
  const newest = new Map<string, number>();
  let tickets = 0;

  const publish = async (doc: vscode.TextDocument): Promise<void> => {
    const uri = doc.uri.toString();
    const ticket = ++tickets;
    newest.set(uri, ticket);
    const version = doc.version;
    const generation = scans.generation;
    const record = (applied: boolean, diagnostics: number, computedWith = generation): void => {
      if (__TEST_HOOKS__) probe!.recordPublish({ uri, version, generation: computedWith, applied, diagnostics });
    };
    if (doc.isClosed || !config.settings.diagnostics || !isEnabledFor(doc, config.settings)) {
      collection.delete(doc.uri);
      record(true, 0);
      return;
    }
    const result = await scans.scan(doc);
    // Published only by the newest publish of the document, for the version and the catalog the
    // findings were made with: offsets of another version would land on the wrong text. Whatever
    // superseded this publish (an edit, a reload, a newer publish) has scheduled the one that counts.
    if (!result || newest.get(uri) !== ticket || doc.isClosed || doc.version !== result.version || result.generation !== scans.generation) {
      record(false, 0, result?.generation);
      return;
    }
    const findings = result.findings;
    const settings = config.settings;
    const text = doc.getText();
    // Large-file mode: fewer diagnostics keep the Problems panel responsive (see largeFiles.ts).
    const effective = isLargeFile(text.length, doc.lineCount) ? { ...settings, maxDiagnosticsPerFile: Math.min(settings.maxDiagnosticsPerFile, LARGE_FILE_MAX_DIAGNOSTICS) } : settings;
    const problems = planProblems(findings, text, effective, documentKind(doc, settings), scans.catalog);
    collection.set(
      doc.uri,
      problems.map((p) => toDiagnostic(doc, p, scans.catalog)),
    );
    record(true, problems.length);
  };

  const flush = (): void => {
    timer = undefined;
    const docs = [...pending];
    pending.clear();
    for (const d of docs) void publish(d);
  };

  const schedule = (doc: vscode.TextDocument, immediate = false): void => {
    pending.add(doc);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, immediate ? 0 : config.settings.debounceMs);
  };

  const all = (): void => {
    for (const d of vscode.workspace.textDocuments) schedule(d, true);
  };

  vscode.workspace.onDidOpenTextDocument((d) => schedule(d, true), undefined, disposables);
  vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document), undefined, disposables);
  vscode.workspace.onDidCloseTextDocument((d) => {
    pending.delete(d);
    newest.delete(d.uri.toString());
    collection.delete(d.uri);
  }, undefined, disposables);
  config.onDidChange((change) => {
    if ([...change.changed].some((key) => !UNRELATED_SETTINGS.includes(key))) all();
  }, undefined, disposables);
  scans.onDidChange((uri) => {
    if (!uri) all();
  }, undefined, disposables);
  all();
  disposables.push({ dispose: () => timer && clearTimeout(timer) });
  return vscode.Disposable.from(...disposables);
}
