// "Open/Create User Catalog": opens the first user catalog named in `errcode.userCatalogs`, creating it
// from a commented template when it does not exist. Never overwrites a file, and never writes into a
// workspace the user has not trusted (user catalogs are restricted configuration there).
import * as vscode from 'vscode';
import type { Services } from '../activate';
import { Commands } from '../commands';
import { registerCommand } from '../commandUtil';

/**
 * The template of a new user catalog. `schemaUri` is the schema shipped with the extension; the file
 * name (`errcodes.jsonc`, `*.errcodes.jsonc`) already ties the file to it through
 * `contributes.jsonValidation`, so the `$schema` line only matters for files named otherwise.
 */
export function userCatalogTemplate(schemaUri: string): string {
  // The comments are prose the user reads, in the display language; the keys and the example entry
  // stay JSON the catalog understands (its texts are the user's to rewrite).
  const comment = (text: string, indent = ''): string =>
    text
      .split('\n')
      .map((line) => `${indent}// ${line}`)
      .join('\n');
  const intro = vscode.l10n.t(
    'Your own error codes for the Error Code Assistant (JSON with comments).\nThey show up in hovers, diagnostics, the Error Catalog view and "Look Up Error Code…" as soon as\nthis file is saved. Entries are keyed by "api" + "code"; a built-in entry can only be replaced with\n"override": true. Built-in APIs: {apis}; add your own under "apis".\nCtrl+Space suggests every field (the file is validated against the catalog schema).',
    { apis: 'workflows, wireflow, flows, orchestrator' },
  );
  const example = vscode.l10n.t('An example: a GraphQL error code your Flows return in {field}.\nRemove the // in front of the lines below to use it.', { field: 'errors[].extensions.code' });
  return `${comment(intro)}
{
  "$schema": ${JSON.stringify(schemaUri)},
  "entries": [
${comment(example, '    ')}
    // {
    //   "api": "flows",
    //   "kind": "graphql-code",
    //   "code": "TEAM_QUOTA_EXCEEDED",
    //   "name": "Team quota exceeded",
    //   "statuses": [200],
    //   "category": "Quota",
    //   "errorClass": "quota",
    //   "description": "The team has used its monthly run quota.",
    //   "resolution": "Ask an admin to raise the quota, or wait for the next billing period.",
    //   "retry": { "decision": "no" },
    //   "messages": ["Team quota exceeded"]
    // }
  ]
}
`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export interface OpenUserCatalogResult {
  uri: vscode.Uri;
  created: boolean;
}

export function registerUserCatalog(services: Services): vscode.Disposable {
  const open = async (): Promise<OpenUserCatalogResult | undefined> => {
    const uri = services.catalogs.userCatalogUris()[0];
    if (!uri) {
      const noFolder = !vscode.workspace.workspaceFolders?.length;
      void vscode.window
        .showInformationMessage(
          noFolder
            ? vscode.l10n.t('A user catalog lives in a workspace folder (.vscode/errcodes.jsonc by default): open a folder first, or set “errcode.userCatalogs” to an absolute path.')
            : vscode.l10n.t('No user catalog is configured: add a path to the “errcode.userCatalogs” setting.'),
          vscode.l10n.t('Open Settings'),
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'errcode.userCatalogs');
        });
      return undefined;
    }
    let created = false;
    if (!(await exists(uri))) {
      if (!vscode.workspace.isTrusted) {
        // Restricted Mode: writing files into a workspace the user has not trusted is not ours to do.
        void vscode.window
          .showInformationMessage(
            vscode.l10n.t('The user catalog {file} does not exist, and this workspace is in Restricted Mode: trust the workspace to create it.', { file: vscode.workspace.asRelativePath(uri) }),
            vscode.l10n.t('Manage Workspace Trust'),
          )
          .then((choice) => {
            if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
          });
        return undefined;
      }
      const schema = vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'catalog.schema.json').toString();
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      // Checked again right before writing: another window may have created it meanwhile.
      if (!(await exists(uri))) {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(userCatalogTemplate(schema)));
        created = true;
      }
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    if (created) {
      vscode.window.setStatusBarMessage(`$(new-file) ${vscode.l10n.t('Created {file}: add entries and save', { file: vscode.workspace.asRelativePath(uri) })}`, 6000);
      void services.catalogs.reload();
    } else if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Restricted Mode: the user catalog is read, but its texts show as plain text only.'));
    }
    return { uri, created };
  };
  return registerCommand(Commands.openUserCatalog, open);
}
