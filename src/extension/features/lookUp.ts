// "Look Up Error Code…": a QuickPick over every catalog entry, built-in and user. VS Code's own
// QuickPick filter is fuzzy on label/description/detail only, so typing a message ("not running") or a
// job reason would rank poorly or match nothing: the items are re-ranked by Catalog.search on every
// change of the input, and shown with `alwaysShow` so VS Code keeps that order instead of hiding them.
import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/catalog';
import { entriesNamedBy } from '../../core/catalog/namedBy';
import type { CatalogEntry } from '../../core/catalog/types';
import { clip, statusesText } from '../../core/render/messages';
import { catalogText } from '../../core/render/locale';
import type { Services } from '../activate';
import { Commands } from '../commands';
import { probe } from '../testHooks';
import { registerCommand } from '../commandUtil';

export interface LookUpItem extends vscode.QuickPickItem {
  /** The entry to open; undefined for separators and "nothing found". */
  entryId?: string;
}

/** How many messages/aliases fit in an item's detail line. */
const DETAIL_MAX = 160;

function entryItem(entry: CatalogEntry, catalog: Catalog, alwaysShow: boolean, guess = false): LookUpItem {
  const api = catalog.api(entry.api)?.name ?? entry.api;
  const statuses = entry.statuses.length && entry.kind !== 'status' ? ` · ${statusesText(entry.statuses)}` : '';
  // Messages and aliases go into the detail line so VS Code's own filter (matchOnDetail) finds them
  // too, before the re-ranked items arrive from the extension host.
  const phrases = [...(entry.aliases ?? []), ...(entry.messages ?? [])];
  const category = catalogText(entry.category);
  const detail = [entry.source !== undefined ? vscode.l10n.t('{api} · {category} (user catalog)', { api, category }) : `${api} · ${category}`];
  if (phrases.length) detail.push(clip(phrases.map((p) => `“${p}”`).join(' '), DETAIL_MAX));
  return {
    label: entry.code,
    description: guess ? vscode.l10n.t('did you mean: {name}', { name: `${catalogText(entry.name)}${statuses}` }) : `${catalogText(entry.name)}${statuses}`,
    detail: detail.join(' — '),
    entryId: entry.id,
    alwaysShow,
  };
}

/**
 * The QuickPick items for a query. Empty query: every entry, grouped by API under separators, left to
 * VS Code's filter. Otherwise: Catalog.search's ranking (code, status, name, messages and reasons,
 * category, prose), each `alwaysShow`; when nothing matches, the nearest known codes.
 */
export function lookUpItems(catalog: Catalog, query: string): LookUpItem[] {
  const q = query.trim();
  if (!q) {
    const items: LookUpItem[] = [];
    const apis = [...catalog.apis.map((a) => a.id), ...new Set(catalog.entries.map((e) => e.api))];
    for (const api of new Set(apis)) {
      const entries = catalog.entriesOf(api);
      if (!entries.length) continue;
      items.push({ label: catalog.api(api)?.name ?? api, kind: vscode.QuickPickItemKind.Separator });
      for (const e of entries) items.push(entryItem(e, catalog, false));
    }
    return items;
  }
  // What a bare word names (the resolver every front end uses, any case) first, then the ranking.
  const named = entriesNamedBy(catalog, q);
  const found = [...named, ...catalog.search(q).filter((e) => !named.includes(e))];
  if (found.length) return found.map((e) => entryItem(e, catalog, true));
  const near = catalog.nearestCodes(q, 5);
  const none: LookUpItem = {
    label: vscode.l10n.t('No entry matches “{query}”', { query: clip(q, 60) }),
    description: near.length ? vscode.l10n.t('nearest known codes below') : vscode.l10n.t('try a code, an HTTP status, a message or a job reason'),
    alwaysShow: true,
  };
  return [none, ...near.map((e) => entryItem(e, catalog, true, true))];
}

/** Shows the QuickPick; resolves with the chosen entry id (after opening its details), or undefined. */
async function lookUp(services: Services, initialQuery: string): Promise<string | undefined> {
  await services.catalogs.ready();
  const disposables: vscode.Disposable[] = [];
  const pick = vscode.window.createQuickPick<LookUpItem>();
  disposables.push(pick);
  pick.title = vscode.l10n.t('Look Up Error Code');
  pick.placeholder = vscode.l10n.t('Code (WF_1103), HTTP status (429), message text or job reason (no_provider_available)');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const refresh = (): void => {
    pick.items = lookUpItems(services.catalogs.current, pick.value);
  };
  pick.value = initialQuery;
  refresh();
  pick.onDidChangeValue(refresh, undefined, disposables);
  if (__TEST_HOOKS__) pick.onDidChangeActive((active) => active.length && probe!.pickReady(pick.title ?? ''), undefined, disposables);
  // A user catalog saved while the picker is open shows up at once.
  services.catalogs.onDidChange(refresh, undefined, disposables);
  try {
    const chosen = await new Promise<LookUpItem | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0] ?? pick.activeItems[0];
        if (item?.entryId) resolve(item);
      }, undefined, disposables);
      pick.onDidHide(() => resolve(undefined), undefined, disposables);
      pick.show();
    });
    pick.hide();
    if (!chosen?.entryId) return undefined;
    await vscode.commands.executeCommand(Commands.showEntry, chosen.entryId);
    return chosen.entryId;
  } finally {
    for (const d of disposables) d.dispose();
  }
}

export function registerLookUp(services: Services): vscode.Disposable {
  // The optional argument is a query (terminal links pass an unknown code); anything else is ignored.
  return registerCommand(Commands.lookUp, (query?: unknown) => lookUp(services, typeof query === 'string' ? query.slice(0, 200) : ''));
}
