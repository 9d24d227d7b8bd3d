// Activation shared by the desktop and web entry points: build the services, register each
// feature (each returns one Disposable), and nothing else: no scanning happens here.
import * as vscode from 'vscode';
import { setDisplayLanguage } from '../core/render/locale';
import { CatalogService } from './catalogService';
import { Config } from './config';
import { DocumentScans } from './documentScans';
import { ErrorsModel } from './errorsModel';
import { registerCatalogTree } from './features/catalogTree';
import { registerCodeActions } from './features/codeActions';
import { registerDetails } from './features/details';
import { registerDiagnostics } from './features/diagnostics';
import { registerErrorsView } from './features/errorsView';
import { registerExplainCommands } from './features/explainCommands';
import { registerHover } from './features/hover';
import { registerLargeFileNotice } from './features/largeFiles';
import { registerLookUp } from './features/lookUp';
import { registerScanWorkspace } from './features/scanWorkspace';
import { registerTerminalLinks } from './features/terminalLinks';
import { registerUserCatalog } from './features/userCatalog';
import { disposeLog } from './log';
import { probe, publishTestHook } from './testHooks';

/** What the feature registrations share. */
export interface Services {
  context: vscode.ExtensionContext;
  config: Config;
  catalogs: CatalogService;
  scans: DocumentScans;
  errors: ErrorsModel;
}

/** The extension's API (returned from activate): used by the integration tests. */
export interface ErrcodeApi {
  services: Services;
  /** Milliseconds activate() took. */
  activationMs: number;
}

export type FeatureRegistration = (services: Services) => vscode.Disposable;

export function activateShared(context: vscode.ExtensionContext, platformFeatures: readonly FeatureRegistration[] = []): ErrcodeApi {
  const t0 = performance.now();
  // The core renders its words at display time: in VS Code's display language, from our l10n bundle.
  setDisplayLanguage(vscode.env.language, vscode.l10n.bundle);
  const config = new Config();
  const catalogs = new CatalogService(config);
  const scans = new DocumentScans(catalogs);
  const errors = new ErrorsModel();
  const services: Services = { context, config, catalogs, scans, errors };
  context.subscriptions.push(
    vscode.Disposable.from(
      config,
      catalogs,
      scans,
      errors,
      registerHover(config, catalogs, scans),
      registerDiagnostics(config, scans),
      registerCodeActions(services),
      registerDetails(services),
      registerCatalogTree(services),
      registerErrorsView(services),
      registerLookUp(services),
      registerExplainCommands(services),
      registerUserCatalog(services),
      registerScanWorkspace(services),
      registerTerminalLinks(services),
      registerLargeFileNotice(services),
      ...platformFeatures.map((register) => register(services)),
      publishTestHook(context, 'probe', probe),
      { dispose: disposeLog },
    ),
  );
  return { services, activationMs: performance.now() - t0 };
}
