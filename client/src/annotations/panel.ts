// The Annotations panel: a tree view fed by the server's `zolt/annotations` request and
// refreshed when the server says they changed. Everything it shows is computed by the pure
// modules beside it (model.ts and its parts); this file only turns their nodes into
// TreeItems, keeps the user's choices, and answers the view's commands.

import * as vscode from 'vscode';
import type { ZoltClient } from '../language-client';
import { ANNOTATIONS_REQUEST, type AnnotationsResult } from '../protocol';
import type { Entry } from './entry';
import { buildTree, toEntries, viewTexts, type AnnotationNode, type AnnotationTree, type GroupNode, type TreeNode } from './model';
import { DEFAULT_VIEW_OPTIONS, GROUP_CHOICES, SORT_CHOICES, validGroup, validSort, type Choice, type ViewOptions } from './view-options';

export const VIEW_ID = 'zolt.annotations';

const GROUP_STATE = 'zolt.annotations.group';
const SORT_STATE = 'zolt.annotations.sort';
/** Coalesces the server's notifications while the user types. */
const REFRESH_DELAY = 150;

export class AnnotationsPanel implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private options: ViewOptions;
  private entries: Entry[] = [];
  private tree: AnnotationTree = { roots: [], total: 0, shown: 0, multiRoot: false };
  /** Whether the server has answered once (until then the view says it is looking). */
  private loaded = false;
  private result: AnnotationsResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private fetching: vscode.CancellationTokenSource | undefined;
  private readonly countListeners: ((count: number) => void)[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: ZoltClient) {
    this.options = {
      ...DEFAULT_VIEW_OPTIONS,
      group: validGroup(context.workspaceState.get(GROUP_STATE)) ?? DEFAULT_VIEW_OPTIONS.group,
      sort: validSort(context.workspaceState.get(SORT_STATE)) ?? DEFAULT_VIEW_OPTIONS.sort,
    };
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    const command = (id: string, run: () => unknown) => vscode.commands.registerCommand(id, run);
    this.disposables.push(
      this.view,
      this.changed,
      command('zolt.showAnnotations', () => vscode.commands.executeCommand(`${VIEW_ID}.focus`)),
      command('zolt.annotations.refresh', () => this.fetch()),
      command('zolt.annotations.groupBy', () => this.pick('Group Annotations By', GROUP_CHOICES, this.options.group, (group) => this.setOptions({ group }))),
      command('zolt.annotations.sortBy', () => this.pick('Sort Annotations By', SORT_CHOICES, this.options.sort, (sort) => this.setOptions({ sort }))),
      command('zolt.annotations.filter', () => this.editFilter()),
      command('zolt.annotations.clearFilter', () => this.setOptions({ filter: '' })),
      client.onDidChangeAnnotations(() => this.scheduleFetch()),
      client.onDidChangeState((state) => {
        void vscode.commands.executeCommand('setContext', 'zolt.serverState', state.phase);
        if (state.phase === 'ready') this.scheduleFetch();
        this.updateView();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild(true)),
    );
    void vscode.commands.executeCommand('setContext', 'zolt.serverState', client.state.phase);
    this.updateView();
  }

  /** Calls `listener` with the workspace's annotation count after every fetch. */
  onDidFetch(listener: (count: number) => void): void {
    this.countListeners.push(listener);
  }

  // ---------------------------------------------------------------- TreeDataProvider

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return [...this.tree.roots];
    return node.kind === 'group' ? [...node.children] : [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.kind === 'group' ? groupItem(node) : annotationItem(node);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.fetching?.cancel();
    for (const d of this.disposables) d.dispose();
  }

  // ---------------------------------------------------------------- data

  private scheduleFetch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetch(), REFRESH_DELAY);
  }

  /** Asks the server for every annotation; a newer fetch cancels an older one still under way. */
  private async fetch(): Promise<void> {
    clearTimeout(this.timer);
    this.fetching?.cancel();
    const source = (this.fetching = new vscode.CancellationTokenSource());
    try {
      // Params `{}` although the request takes none: sent without params, vscode-jsonrpc calls the
      // server's (params, token) handler with the token alone and the server fails.
      const result = await this.client.request<AnnotationsResult | null>(ANNOTATIONS_REQUEST, {}, source.token);
      if (source.token.isCancellationRequested || !result) return;
      this.result = result;
      this.loaded = true;
      this.rebuild(true);
      for (const listener of this.countListeners) listener(result.annotations.length);
    } catch (error) {
      if (!source.token.isCancellationRequested) this.client.output.warn(`zolt/annotations failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      source.dispose();
      if (this.fetching === source) this.fetching = undefined;
    }
  }

  /** Rebuilds the tree from the last answer; `relocate` when the answer or the folders changed. */
  private rebuild(relocate: boolean): void {
    if (relocate) {
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, path: f.uri.fsPath }));
      this.entries = this.result ? toEntries({ result: this.result, folders, pathOf: (uri) => vscode.Uri.parse(uri).fsPath }) : [];
    }
    this.tree = buildTree(this.entries, this.options, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    this.changed.fire(undefined);
    this.updateView();
  }

  private updateView(): void {
    const texts = viewTexts(this.tree, this.options);
    this.view.description = texts.description;
    this.view.badge = texts.badge;
    const state = this.client.state.phase;
    this.view.message = state === 'stopped' && this.loaded
      ? 'The Zolt language server is not running: this list may be out of date.'
      : texts.message;
    void vscode.commands.executeCommand('setContext', 'zolt.annotations.filtered', this.options.filter.trim() !== '');
    void vscode.commands.executeCommand('setContext', 'zolt.annotations.loaded', this.loaded);
  }

  // ---------------------------------------------------------------- commands

  private setOptions(change: Partial<ViewOptions>): void {
    this.options = { ...this.options, ...change };
    if (change.group) void this.context.workspaceState.update(GROUP_STATE, change.group);
    if (change.sort) void this.context.workspaceState.update(SORT_STATE, change.sort);
    this.rebuild(false);
  }

  /** A quick pick of the choices with the current one marked and active. */
  private pick<K extends string>(title: string, choices: readonly Choice<K>[], current: K, apply: (key: K) => void): Promise<void> {
    const items = choices.map((c) => ({ label: `${c.key === current ? '$(check)' : '$(blank)'} ${c.label}`, detail: c.detail, key: c.key }));
    const quickPick = vscode.window.createQuickPick<(typeof items)[number]>();
    quickPick.title = title;
    quickPick.items = items;
    quickPick.activeItems = items.filter((i) => i.key === current);
    return new Promise<void>((resolve) => {
      quickPick.onDidAccept(() => {
        const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        if (picked) apply(picked.key);
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve();
      });
      quickPick.show();
    });
  }

  /** An input box that filters as one types; Escape puts the previous filter back. */
  private editFilter(): Promise<void> {
    const before = this.options.filter;
    const input = vscode.window.createInputBox();
    input.title = 'Filter Annotations';
    input.prompt = 'Words that must all occur in the tag, owner, priority (p1), text or file path. "Quotes" keep a phrase together.';
    input.placeholder = 'e.g. ana p1 "grow the table"';
    input.value = before;
    let accepted = false;
    return new Promise<void>((resolve) => {
      input.onDidChangeValue((value) => this.setOptions({ filter: value }));
      input.onDidAccept(() => {
        accepted = true;
        input.hide();
      });
      input.onDidHide(() => {
        if (!accepted) this.setOptions({ filter: before });
        input.dispose();
        resolve();
      });
      input.show();
    });
  }
}

function groupItem(node: GroupNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.contextValue = `zolt.annotationGroup.${node.group}`;
  if (node.group === 'file') {
    // The theme's icon for the file; the label stays the path relative to its folder.
    item.resourceUri = vscode.Uri.parse(node.key);
    item.iconPath = vscode.ThemeIcon.File;
  } else if (node.icon) {
    item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
  }
  return item;
}

function annotationItem(node: AnnotationNode): vscode.TreeItem {
  const item = new vscode.TreeItem({ label: node.label, highlights: node.highlights.map(([s, e]) => [s, e] as [number, number]) }, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.iconPath = new vscode.ThemeIcon(node.icon, new vscode.ThemeColor(node.color));
  item.contextValue = 'zolt.annotation';
  const { start, end } = node.entry.annotation.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  const options: vscode.TextDocumentShowOptions = { selection, preview: true };
  item.command = { command: 'vscode.open', title: 'Open Annotation', arguments: [vscode.Uri.parse(node.entry.annotation.uri), options] };
  return item;
}
