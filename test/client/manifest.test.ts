// The extension manifest (the root package.json) against the code it describes: the settings the
// server reads, the commands the client registers, the colours and icons the panel uses, the
// server's semantic token legend, and what `vsce` puts into the .vsix (.vscodeignore).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { DEFAULT_TAGS } from 'zolt-server/ide/annotations';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from 'zolt-server/ide/semantic-tokens';
import { DEFAULT_SETTINGS } from 'zolt-server/ide/session';
import { DEFAULT_BUILD_SETTINGS, readBuildSettings } from 'zolt-server/build/settings';
import { TAG_COLORS } from 'zolt-client/annotations/tags';
import { fromRoot } from '../support/paths';

interface Setting {
  type: string;
  default: unknown;
  scope?: string;
}

interface Manifest {
  main: string;
  engines: { vscode: string };
  activationEvents?: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
  contributes: {
    configuration: { properties: Record<string, Setting> };
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; icon?: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    colors: { id: string }[];
    semanticTokenScopes: { language: string; scopes: Record<string, string[]> }[];
  };
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as Manifest;
const contributes = manifest.contributes;
const settings = contributes.configuration.properties;

/** Every client source file's text, to find the command ids the client registers. */
function clientSources(dir = fromRoot('client/src')): string {
  return fs.readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? clientSources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, entry.name), 'utf8') : ''))
    .join('\n');
}

describe('client: the extension manifest', () => {
  it('starts the bundle and targets the VS Code the client library and @types/vscode are for', () => {
    assert.equal(manifest.main, './dist/extension.js');
    const client = JSON.parse(fs.readFileSync(fromRoot('client/package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    // The package exports no ./package.json: find it from its main module (lib/common/api.js).
    const libraryMain = require.resolve('vscode-languageclient', { paths: [fromRoot('client')] });
    const library = JSON.parse(fs.readFileSync(path.join(path.dirname(libraryMain), '..', '..', 'package.json'), 'utf8')) as { name: string; engines: { vscode: string } };
    assert.equal(library.name, 'vscode-languageclient');
    const minimum = (range: string) => range.replace(/^[~^]/, '');
    assert.equal(minimum(manifest.engines.vscode), minimum(library.engines.vscode));
    assert.equal(minimum(client.devDependencies['@types/vscode']!), minimum(manifest.engines.vscode));
  });

  it('has a setting for everything the server reads, with the server’s defaults', () => {
    assert.equal(settings['zolt.diagnostics.delay']?.default, DEFAULT_SETTINGS.diagnosticsDelay);
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS.inlayHints)) {
      assert.deepEqual({ type: settings[`zolt.inlayHints.${key}`]?.type, default: settings[`zolt.inlayHints.${key}`]?.default }, { type: 'boolean', default: value }, key);
    }
    assert.deepEqual(settings['zolt.annotations.tags']?.default, [...DEFAULT_TAGS]);
    assert.equal(settings['zolt.annotations.showAsDiagnostics']?.default, DEFAULT_SETTINGS.annotationsAsDiagnostics);
    assert.equal(settings['zolt.trace.server']?.default, 'off');
    assert.equal(settings['zolt.server.path']?.default, '');
  });

  it('has the build settings the server reads, with its defaults', () => {
    const build = Object.fromEntries(Object.entries(settings).filter(([key]) => key.startsWith('zolt.build.')).map(([key, s]) => [key.slice('zolt.build.'.length), s.default]));
    assert.deepEqual(build, DEFAULT_BUILD_SETTINGS);
    assert.deepEqual(readBuildSettings(undefined), DEFAULT_BUILD_SETTINGS);
  });

  it('supports restricted mode, never taking a program to run from an untrusted workspace', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual(trust.restrictedConfigurations, ['zolt.server.path']);
    assert.match(trust.description ?? '', /nothing is built or run/);
    assert.equal(settings['zolt.server.path']?.scope, 'machine-overridable');
  });

  it('contributes every command the client registers, and the client registers every one', () => {
    const sources = clientSources();
    const contributed = contributes.commands.map((c) => c.command);
    for (const command of contributed) assert.ok(sources.includes(`'${command}'`), `${command} is not registered by client/src`);
    const registered = [...sources.matchAll(/(?:registerCommand|command)\('(zolt\.[\w.]+)'/g)].map((m) => m[1]!);
    const internal = ['zolt.serverMenu', 'zolt.buildStatus', 'zolt.rename']; // the status bar items' clicks, the rename code action's command: not for the command palette
    for (const command of registered) assert.ok(contributed.includes(command) || internal.includes(command), `${command} is not contributed`);
    for (const expected of ['zolt.restartServer', 'zolt.showAnnotations', 'zolt.showSyntaxTree', 'zolt.build', 'zolt.run']) assert.ok(contributed.includes(expected), expected);
    for (const item of Object.values(contributes.menus).flat()) assert.ok(contributed.includes(item.command), `menu item ${item.command}`);
    for (const c of contributes.commands) assert.equal(c.category, 'Zolt', c.command);
  });

  it('has the Annotations view in its own activity bar container, with an icon that exists', () => {
    const [container] = contributes.viewsContainers.activitybar;
    assert.ok(container);
    const views = contributes.views[container.id] ?? [];
    assert.deepEqual(views.map((v) => v.id), ['zolt.annotations']);
    for (const icon of [container.icon, views[0]!.icon!]) assert.match(fs.readFileSync(fromRoot(icon), 'utf8'), /^<svg /);
    for (const welcome of contributes.viewsWelcome) assert.equal(welcome.view, 'zolt.annotations');
  });

  it('contributes exactly the colours the panel uses', () => {
    assert.deepEqual(contributes.colors.map((c) => c.id).sort(), [...TAG_COLORS].sort());
  });

  it('maps only token types and modifiers of the server’s legend to scopes', () => {
    const [entry] = contributes.semanticTokenScopes;
    assert.equal(entry?.language, 'zolt');
    for (const selector of Object.keys(entry!.scopes)) {
      const [type, ...modifiers] = selector.split('.');
      assert.ok((TOKEN_TYPES as readonly string[]).includes(type!), selector);
      for (const modifier of modifiers) assert.ok((TOKEN_MODIFIERS as readonly string[]).includes(modifier), selector);
    }
    for (const type of TOKEN_TYPES) assert.ok(entry!.scopes[type], `no scope for ${type}`);
  });

  it('packages only the manifest, docs, grammar, icon and dist/ (.vscodeignore)', async function () {
    this.timeout(60_000);
    const files = await listFiles({ cwd: fromRoot(), packageManager: PackageManager.None });
    const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^language-configuration\.json$/, /^syntaxes\/zolt\.tmLanguage\.json$/, /^client\/media\/[\w-]+\.svg$/, /^dist\/(?!.*\.map$)/, /^images\//];
    for (const file of files) assert.ok(allowed.some((pattern) => pattern.test(file)), `${file} would be packaged`);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'language-configuration.json', 'syntaxes/zolt.tmLanguage.json', 'client/media/annotations.svg']) {
      assert.ok(files.includes(required), `${required} would be missing`);
    }
  });
});
