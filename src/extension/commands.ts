// Every command id in one place; package.json's `contributes.commands` must match (manifest test).
export const Commands = {
  lookUp: 'errcode.lookUp',
  explainAtCursor: 'errcode.explainAtCursor',
  explainSelection: 'errcode.explainSelection',
  insertRetryHandler: 'errcode.insertRetryHandler',
  wrapInRetry: 'errcode.wrapInRetry',
  scanWorkspace: 'errcode.scanWorkspace',
  scanLogFile: 'errcode.scanLogFile',
  openUserCatalog: 'errcode.openUserCatalog',
  showEntry: 'errcode.showEntry',
  showFinding: 'errcode.showFinding',
  /** A rule id's explanation (a diagnostic's code links here when the rule is not a catalog entry). */
  showRule: 'errcode.showRule',
  copyExplanation: 'errcode.copyExplanation',
  copySupportReport: 'errcode.copySupportReport',
  copyCode: 'errcode.copyCode',
  copyExample: 'errcode.copyExample',
  findInWorkspace: 'errcode.findInWorkspace',
  filterCatalog: 'errcode.filterCatalog',
  clearCatalogFilter: 'errcode.clearCatalogFilter',
  refreshErrors: 'errcode.refreshErrors',
  revealOccurrence: 'errcode.revealOccurrence',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands a hover may link to (MarkdownString.isTrusted.enabledCommands). */
export const HOVER_COMMANDS: readonly string[] = [Commands.showEntry, Commands.copyExplanation, Commands.copySupportReport, Commands.insertRetryHandler];
