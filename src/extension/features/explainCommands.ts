// "Explain Error at Cursor", "Explain Selection or Clipboard", and the copy commands behind the hover
// links. Explanations come from the pure explainer; arguments from hover links are raw JSON and are
// validated (asFindingRef) before use: a bad one is reported, never thrown.
import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/catalog';
import { entriesNamedBy } from '../../core/catalog/namedBy';
import { codeBlock, escapeMarkdown } from '../../core/render/escape';
import { explainEntry, explainFinding, toMarkdown, toText } from '../../core/render/explain';
import { supportReport } from '../../core/render/report';
import { scanText } from '../../core/engine/scan';
import type { Finding } from '../../core/engine/finding';
import { summarize } from '../../core/render/messages';
import { formatNumber, pluralOf } from '../../core/render/locale';
import { ruleExplanation } from '../../core/render/problemMessages';
import type { Services } from '../activate';
import { Commands } from '../commands';
import { asFindingRef, registerCommand, type FindingRef } from '../commandUtil';

/** Read-only documents holding explanations, shown in the Markdown preview. */
export const EXPLANATION_SCHEME = 'errcode-explanation';

/** Longest selection or clipboard text explained (a pasted log can be huge; the scan is synchronous). */
const MAX_EXPLAIN_CHARS = 2 * 1024 * 1024;
/** Most findings rendered into one explanation document. */
const MAX_EXPLAINED = 50;

export interface ExplainSelectionResult {
  /** What the text held: error findings, a bare code/status/reason, or nothing known. */
  kind: 'findings' | 'entries' | 'none';
  /** The explanation document, when one was shown. */
  document?: vscode.Uri;
  /** Entries explained (findings' entries, or the bare code's). */
  entryIds: string[];
}

/** In-memory read-only documents: `errcode-explanation:/Explanation-1.md`. */
class ExplanationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private next = 1;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(EXPLANATION_SCHEME, this);

  add(title: string, markdown: string): vscode.Uri {
    // Keep the last few: each is small, and a closed preview never asks for its text again.
    if (this.texts.size >= 20) this.texts.delete(this.texts.keys().next().value as string);
    const uri = vscode.Uri.from({ scheme: EXPLANATION_SCHEME, path: `/${title.replace(/[^\p{L}\p{N}_.-]+/gu, '-')}-${this.next++}.md` });
    this.texts.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? `*${vscode.l10n.t('This explanation is no longer available: run the command again.')}*\n`;
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
    this.texts.clear();
  }
}

/** Markdown explaining every finding of a pasted text, each with the snippet it came from. */
export function findingsMarkdown(findings: readonly Finding[], text: string, catalog: Catalog, source: 'selection' | 'clipboard'): string {
  const shown = findings.slice(0, MAX_EXPLAINED);
  const count = { count: formatNumber(findings.length) };
  const one = pluralOf(findings.length) === 'one';
  const heading =
    source === 'selection'
      ? one ? vscode.l10n.t('{count} error in the selection', count) : vscode.l10n.t('{count} errors in the selection', count)
      : one ? vscode.l10n.t('{count} error in the clipboard', count) : vscode.l10n.t('{count} errors in the clipboard', count);
  const out = [`# ${escapeMarkdown(heading)}`, ''];
  shown.forEach((f, i) => {
    out.push(`## ${i + 1}. ${escapeMarkdown(summarize(f, catalog))}`, '');
    const snippet = text.slice(f.start, f.end);
    if (f.kind === 'body') out.push(codeBlock(snippet.length > 4000 ? snippet.slice(0, 4000) + '…' : snippet, f.notation.includes('python') ? 'python' : f.notation.includes('js') ? 'js' : f.notation.includes('ruby') ? 'ruby' : f.notation.includes('yaml') ? 'yaml' : 'json'), '');
    out.push(toMarkdown(explainFinding(f, catalog)), '');
  });
  if (findings.length > shown.length) out.push(`*${escapeMarkdown(vscode.l10n.t('… and {count} more.', { count: formatNumber(findings.length - shown.length) }))}*`);
  return out.join('\n').trimEnd() + '\n';
}

/** The document and the finding a FindingRef points at (the document is opened if needed). */
async function resolveFinding(services: Services, ref: FindingRef): Promise<{ doc: vscode.TextDocument; finding: Finding } | string> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(ref.uri, true);
  } catch {
    return vscode.l10n.t('not a valid document URI: {uri}', { uri: ref.uri.slice(0, 100) });
  }
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    return vscode.l10n.t('cannot open {uri}', { uri: uri.toString(true) });
  }
  const finding = await services.scans.findingAt(doc, ref.offset);
  if (!finding) return vscode.l10n.t('no error code or body at that position in {file} (the file may have changed)', { file: vscode.workspace.asRelativePath(doc.uri) });
  return { doc, finding };
}

function invalidArgument(command: string, arg: unknown): undefined {
  const shown = (() => {
    try {
      return JSON.stringify(arg)?.slice(0, 120) ?? String(arg);
    } catch {
      return String(arg);
    }
  })();
  void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: {command} needs a finding ({shape}), got {value}.', { command, shape: '{ uri, offset }', value: shown }));
  return undefined;
}

export function registerExplainCommands(services: Services): vscode.Disposable {
  const documents = new ExplanationDocuments();

  const showMarkdown = async (title: string, markdown: string): Promise<vscode.Uri> => {
    const uri = documents.add(title, markdown);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // No Markdown preview (disabled built-in extension): the read-only source still reads well.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
    return uri;
  };

  const explainAtCursor = async (): Promise<FindingRef | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const finding = editor ? await services.scans.findingAt(editor.document, editor.document.offsetAt(editor.selection.active)) : undefined;
    if (!editor || !finding) {
      // Not awaited: the command finishes now; the offer stays until the user answers.
      void vscode.window
        .showInformationMessage(editor ? vscode.l10n.t('No error code or error body at the cursor.') : vscode.l10n.t('Open a file and put the cursor on an error code or body first.'), vscode.l10n.t('Look Up…'))
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand(Commands.lookUp);
        });
      return undefined;
    }
    const ref: FindingRef = { uri: editor.document.uri.toString(), offset: finding.start };
    await vscode.commands.executeCommand(Commands.showFinding, ref);
    return ref;
  };

  const explainSelection = async (): Promise<ExplainSelectionResult> => {
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
    const source = selected !== undefined ? ('selection' as const) : ('clipboard' as const);
    let text = selected ?? (await vscode.env.clipboard.readText());
    if (!text.trim()) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select an error body or a code, or copy one to the clipboard, then run “Explain Selection or Clipboard” again.'));
      return { kind: 'none', entryIds: [] };
    }
    if (text.length > MAX_EXPLAIN_CHARS) {
      text = text.slice(0, MAX_EXPLAIN_CHARS);
      const size = { size: `${formatNumber(MAX_EXPLAIN_CHARS / 1024 / 1024)} MB` };
      void vscode.window.showWarningMessage(
        source === 'selection'
          ? vscode.l10n.t('Only the first {size} of the selection were explained; use “Scan Log File…” for whole logs.', size)
          : vscode.l10n.t('Only the first {size} of the clipboard were explained; use “Scan Log File…” for whole logs.', size),
      );
    }
    await services.catalogs.ready();
    const catalog = services.catalogs.current;
    // A bare word is looked up first: scanning `no_provider_available` or `429` finds nothing.
    const named = entriesNamedBy(catalog, text);
    const findings = named.length ? [] : scanText(text, catalog);
    if (findings.length) {
      const uri = await showMarkdown(vscode.l10n.t('Explanation'), findingsMarkdown(findings, text, catalog, source));
      return { kind: 'findings', document: uri, entryIds: [...new Set(findings.flatMap((f) => (f.entry ? [f.entry] : [])))] };
    }
    if (named.length === 1) {
      await vscode.commands.executeCommand(Commands.showEntry, named[0].id);
      return { kind: 'entries', entryIds: [named[0].id] };
    }
    if (named.length > 1) {
      const md = [`# ${escapeMarkdown(vscode.l10n.t('{word} in {count} APIs', { word: text.trim(), count: formatNumber(named.length) }))}`, '', ...named.map((e) => toMarkdown(explainEntry(e, catalog, { examples: true })) + '\n---\n')].join('\n');
      const uri = await showMarkdown(text.trim(), md);
      return { kind: 'entries', document: uri, entryIds: named.map((e) => e.id) };
    }
    const nothing = source === 'selection' ? vscode.l10n.t('No error code or error body found in the selection.') : vscode.l10n.t('No error code or error body found in the clipboard.');
    void vscode.window.showInformationMessage(nothing, vscode.l10n.t('Look Up…')).then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.lookUp, text.trim().length <= 100 ? text.trim() : '');
    });
    return { kind: 'none', entryIds: [] };
  };

  /** A hover link's copy command: checks its argument, finds the finding again, copies `build`'s text. */
  const copyCommand =
    (title: string, build: (doc: vscode.TextDocument, finding: Finding) => { text: string; copied: string }) =>
    async (arg: unknown): Promise<string | undefined> => {
      const ref = asFindingRef(arg);
      if (!ref) return invalidArgument(title, arg);
      const found = await resolveFinding(services, ref);
      if (typeof found === 'string') {
        void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: {message}.', { message: found }));
        return undefined;
      }
      const { text, copied } = build(found.doc, found.finding);
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`$(check) ${copied}`, 4000);
      return text;
    };

  const copyExplanation = copyCommand(vscode.l10n.t('Copy Explanation'), (_doc, finding) => ({
    text: toText(explainFinding(finding, services.catalogs.current)),
    copied: finding.code ? vscode.l10n.t('Copied the explanation of {code}', { code: finding.code }) : vscode.l10n.t('Copied the explanation of the error'),
  }));

  const copySupportReport = copyCommand(vscode.l10n.t('Copy Support Report'), (doc, finding) => ({
    text: supportReport(finding, services.catalogs.current, doc.getText(), vscode.workspace.asRelativePath(doc.uri)),
    copied: finding.code ? vscode.l10n.t('Copied a support report for {code}', { code: finding.code }) : vscode.l10n.t('Copied a support report for the error'),
  }));

  /** errcode.showRule: what a rule id means and how to set its severity (a diagnostic's code links here). */
  const showRule = async (arg: unknown): Promise<vscode.Uri | undefined> => {
    const rule = typeof arg === 'string' && arg.length <= 200 ? arg : undefined;
    const explanation = rule === undefined ? undefined : ruleExplanation(rule, services.catalogs.current);
    if (!explanation) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: no rule {rule}.', { rule: JSON.stringify(arg)?.slice(0, 120) ?? String(arg) }));
      return undefined;
    }
    return showMarkdown(rule!, toMarkdown(explanation));
  };

  return vscode.Disposable.from(
    documents,
    registerCommand(Commands.showRule, showRule),
    registerCommand(Commands.explainAtCursor, explainAtCursor),
    registerCommand(Commands.explainSelection, explainSelection),
    registerCommand(Commands.copyExplanation, copyExplanation),
    registerCommand(Commands.copySupportReport, copySupportReport),
  );
}
