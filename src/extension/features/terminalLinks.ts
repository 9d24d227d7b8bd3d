// Error codes printed in the integrated terminal become links to their explanation (unknown codes open
// the look-up with the code typed in, which lists the nearest known codes). The matching is the pure
// findCodesInLine; here it only becomes vscode.TerminalLink objects.
import * as vscode from 'vscode';
import { catalogText } from '../../core/render/locale';
import { findCodesInLine } from '../../core/engine/codesInLine';
import type { Services } from '../activate';
import { Commands } from '../commands';

export class ErrorCodeTerminalLink extends vscode.TerminalLink {
  constructor(
    startIndex: number,
    length: number,
    readonly code: string,
    /** The catalog entry, when the code is known. */
    readonly entryId: string | undefined,
    tooltip: string,
  ) {
    super(startIndex, length, tooltip);
  }
}

export class ErrorCodeTerminalLinkProvider implements vscode.TerminalLinkProvider<ErrorCodeTerminalLink> {
  constructor(private readonly services: Services) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): ErrorCodeTerminalLink[] {
    const settings = this.services.config.settings;
    // Read on every call, so turning the setting off applies at once.
    if (!settings.enable || !settings.terminalLinks) return [];
    const catalog = this.services.catalogs.current;
    return findCodesInLine(context.line, catalog).map((m) => {
      const entry = m.entryId ? catalog.get(m.entryId) : undefined;
      const tooltip = entry
        ? vscode.l10n.t('{code} {name}: open the explanation', { code: entry.code, name: catalogText(entry.name) })
        : vscode.l10n.t('{code} is not in the catalog: look it up', { code: m.code });
      return new ErrorCodeTerminalLink(m.startIndex, m.length, m.code, entry?.id, tooltip);
    });
  }

  async handleTerminalLink(link: ErrorCodeTerminalLink): Promise<void> {
    try {
      if (link.entryId) await vscode.commands.executeCommand(Commands.showEntry, link.entryId);
      else await vscode.commands.executeCommand(Commands.lookUp, link.code);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Error Code Assistant: {message}', { message: e instanceof Error ? e.message : String(e) }));
    }
  }
}

export function registerTerminalLinks(services: Services): vscode.Disposable {
  return vscode.window.registerTerminalLinkProvider(new ErrorCodeTerminalLinkProvider(services));
}
