// Hovers over WF codes and error bodies. The text is built by the pure explainer; here it is only
// wrapped in a MarkdownString trusted for the extension's own hover commands. A hover never scans a
// big document whole: see ErrorHoverProvider.
import * as vscode from 'vscode';
import type { CommandLink } from '../../core/render/explain';
import { explainFinding, toMarkdown } from '../../core/render/explain';
import type { Catalog } from '../../core/catalog/catalog';
import type { Finding } from '../../core/engine/finding';
import { isRetryable } from '../../core/catalog/retryable';
import { entryOf } from '../../core/render/messages';
import { retryLanguageOf } from '../../core/retry/languages';
import type { CatalogService } from '../catalogService';
import { Commands, HOVER_COMMANDS } from '../commands';
import type { Config } from '../config';
import type { DocumentScans } from '../documentScans';
import { isEnabledFor } from '../documentFilter';

/** Command links for a finding at `uri`: arguments are plain JSON, validated by the handlers. */
export function hoverLinks(finding: Finding, catalog: Catalog, uri: vscode.Uri, languageId: string): CommandLink[] {
  const at = { uri: uri.toString(), offset: finding.start };
  const links: CommandLink[] = [];
  const entry = entryOf(catalog, finding);
  if (entry) links.push({ title: vscode.l10n.t('Open in catalog'), command: Commands.showEntry, args: [entry.id], tooltip: vscode.l10n.t('Show the full entry with examples') });
  links.push({ title: vscode.l10n.t('Copy explanation'), command: Commands.copyExplanation, args: [at] });
  links.push({ title: vscode.l10n.t('Copy support report'), command: Commands.copySupportReport, args: [at], tooltip: vscode.l10n.t('Code, status, request id, timestamp and body') });
  // Only where the handler would retry this very error (core/catalog/retryable.ts), in a language it is written in.
  if (entry && isRetryable(entry, finding.status) && retryLanguageOf(languageId)) {
    links.push({ title: vscode.l10n.t('Insert retry handler'), command: Commands.insertRetryHandler, args: [{ ...at, entry: entry.id }] });
  }
  return links;
}

export function hoverMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  md.supportHtml = false;
  return md;
}

/**
 * The hover provider. On a document not scanned yet it reads a window around the cursor at most, and
 * otherwise waits for the async scan, until VS Code cancels the hover (DocumentScans.findingAt).
 */
export class ErrorHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly config: Config,
    private readonly catalogs: CatalogService,
    private readonly scans: DocumentScans,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const settings = this.config.settings;
    if (!settings.enable || !settings.hover || !isEnabledFor(document, settings)) return undefined;
    const version = document.version;
    const generation = this.scans.generation;
    const finding = await this.scans.findingAt(document, document.offsetAt(position), token);
    // A finding of another version or catalog than the one now would be placed or explained wrongly.
    if (!finding || token.isCancellationRequested || document.version !== version || this.scans.generation !== generation) return undefined;
    const explanation = explainFinding(finding, this.catalogs.current);
    const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
    return new vscode.Hover(hoverMarkdown(toMarkdown(explanation, hoverLinks(finding, this.catalogs.current, document.uri, document.languageId))), range);
  }
}

export function registerHover(config: Config, catalogs: CatalogService, scans: DocumentScans): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ pattern: '**' }, new ErrorHoverProvider(config, catalogs, scans));
}
