import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The editor path: vscode-eslint's language server (as Neovim, Helix and Zed run it, from
// vscode-langservers-extracted) on a workspace that holds the packed plugin, spoken to over stdio.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = path.join(root, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');

const CONFIG = [
  "import leaks from 'eslint-plugin-leaks';",
  "import tseslint from 'typescript-eslint';",
  '',
  'export default [',
  "  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },",
  '  leaks.configs.recommended,',
  '];',
  '',
].join('\n');

const CONNECTION = [
  "import { createServer, type Socket } from 'node:net';",
  '',
  'class Handler {',
  '  constructor(readonly owner: Connection) {}',
  '  onStop = () => this.owner.socket.end();',
  '}',
  'export class Connection {',
  '  handler: Handler;',
  '  constructor(readonly socket: Socket) {',
  '    this.handler = new Handler(this);',
  "    process.on('SIGTERM', this.handler.onStop);",
  '  }',
  '}',
  '',
  'const connections: Socket[] = [];',
  'export const server = createServer((socket) => { connections.push(socket); });',
  '',
].join('\n');

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface Diagnostic {
  range: Range;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}
interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
interface CodeAction {
  title: string;
  kind?: string;
  command?: Command;
}
interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string }; edits: TextEdit[] }[];
}
interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** JSON-RPC over stdio with LSP's Content-Length framing; answers the server's own requests. */
class LspClient {
  readonly log: string[] = [];
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly onRequest: (method: string, params: unknown) => unknown,
  ) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.stderr.on('data', (chunk: Buffer) => this.log.push(chunk.toString('utf8')));
    child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited with ${code}\n${this.log.join('')}`));
      this.pending.clear();
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    const response = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    this.send({ jsonrpc: '2.0', id, method, params });
    return response;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private drain(): void {
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server (configuration, applyEdit, registerCapability, progress).
      Promise.resolve(this.onRequest(message.method, message.params)).then(
        (result) => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }),
        (error: Error) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: error.message } }),
      );
    } else if (message.method !== undefined) {
      if (message.method === 'window/logMessage' || message.method === 'window/showMessage') this.log.push(`${(message.params as { message: string }).message}\n`);
    } else if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(`${message.error.message}\n${this.log.join('')}`));
      else pending?.resolve(message.result);
    }
  }
}

function offsetAt(text: string, { line, character }: Position): number {
  let offset = 0;
  for (let current = 0; current < line; current++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, offsetAt(result, edit.range.start)) + edit.newText + result.slice(offsetAt(result, edit.range.end));
  }
  return result;
}

describe('vscode-eslint-language-server on a workspace with the packed plugin', () => {
  let workspace = '';
  let server: ChildProcessWithoutNullStreams | undefined;
  let client: LspClient;
  let text = CONNECTION;
  let version = 1;
  const appliedEdits: WorkspaceEdit[] = [];

  const workspaceUri = () => pathToFileURL(workspace).href;
  const fileUri = () => pathToFileURL(path.join(workspace, 'src/connection.ts')).href;

  // The settings object the VS Code extension sends for `section: ''` (vscode-eslint's ConfigurationSettings).
  const settings = () => ({
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    // ESLint 10 has flat config only; the old experimental switch would look for `FlatESLint`, gone in 10.
    useFlatConfig: true,
    experimental: {},
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: 'location' },
    workspaceFolder: { name: 'workspace', uri: workspaceUri() },
  });

  beforeAll(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'leaks-editor-'));
    // The plugin as published (the packed tarball, unpacked); everything else links to this
    // repository's node_modules, so there is one eslint and no install.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', workspace], { cwd: root, encoding: 'utf8' }),
    ) as { filename: string }[];
    const modules = path.join(workspace, 'node_modules');
    mkdirSync(path.join(modules, 'eslint-plugin-leaks'), { recursive: true });
    execFileSync('tar', ['-xzf', path.join(workspace, packed[0]!.filename), '-C', path.join(modules, 'eslint-plugin-leaks'), '--strip-components=1']);
    for (const entry of readdirSync(path.join(root, 'node_modules'))) {
      if (entry === 'eslint-plugin-leaks' || entry.startsWith('.')) continue;
      symlinkSync(path.join(root, 'node_modules', entry), path.join(modules, entry));
    }
    writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'workspace', private: true, type: 'module' }));
    writeFileSync(path.join(workspace, 'eslint.config.mjs'), CONFIG);
    mkdirSync(path.join(workspace, 'src'));
    writeFileSync(path.join(workspace, 'src/connection.ts'), CONNECTION);

    server = spawn(process.execPath, [SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    client = new LspClient(server, (method, params) => {
      if (method === 'workspace/configuration') return (params as { items: unknown[] }).items.map(() => settings());
      if (method === 'workspace/applyEdit') {
        const { edit } = params as { edit: WorkspaceEdit };
        appliedEdits.push(edit);
        const edits = [
          ...(edit.changes?.[fileUri()] ?? []),
          ...(edit.documentChanges ?? []).filter((change) => change.textDocument.uri === fileUri()).flatMap((change) => change.edits),
        ];
        text = applyEdits(text, edits);
        return { applied: true };
      }
      return null;
    });
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      await Promise.race([client.request('shutdown', null), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      client.notify('exit', null);
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (server.exitCode === null) server.kill();
    }
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('reports a leak as you type and applies the rule suggestion offered as a quick fix', async () => {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: workspaceUri(),
      workspaceFolders: [{ uri: workspaceUri(), name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          diagnostic: { dynamicRegistration: false },
          publishDiagnostics: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll.eslint'] } } },
        },
      },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri: fileUri(), languageId: 'typescript', version, text } });

    // vscode-eslint's server answers pull diagnostics (LSP 3.17), as VS Code and Neovim 0.10+ ask for them.
    const pull = async () =>
      (await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: fileUri() } })).items;

    const before = await pull();
    // On a failure, the server's log says why (a config that did not load, a rule that threw).
    expect(before.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1]), client.log.join('')).toEqual(
      expect.arrayContaining([
        ['leaks/no-handler-cycle', 10],
        ['leaks/no-growing-module-collection', 15],
      ]),
    );
    const cycle = before.find((diagnostic) => diagnostic.code === 'leaks/no-handler-cycle')!;
    expect(cycle.source).toBe('eslint');
    expect(cycle.codeDescription?.href).toMatch(/\/docs\/rules\/no-handler-cycle\.md$/);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: fileUri() },
      range: cycle.range,
      context: { diagnostics: [cycle], only: ['quickfix'] },
    });
    const titles = actions.map((action) => action.title);
    const suggestion = actions.find((action) => action.title.endsWith('(leaks/no-handler-cycle)') && action.title.includes('WeakRef'));
    expect(suggestion, titles.join('\n')).toBeDefined();
    expect(titles).toContain('Disable leaks/no-handler-cycle for this line');

    // The command asks the client to apply the suggestion's edit (workspace/applyEdit), as VS Code does.
    await client.request('workspace/executeCommand', { command: suggestion!.command!.command, arguments: suggestion!.command!.arguments });
    expect(appliedEdits).toHaveLength(1);
    expect(text.split('\n')[9]).toBe('    this.handler = new Handler(new WeakRef(this));');

    version += 1;
    client.notify('textDocument/didChange', { textDocument: { uri: fileUri(), version }, contentChanges: [{ text }] });
    const after = await pull();
    expect(after.map((diagnostic) => diagnostic.code), client.log.join('')).not.toContain('leaks/no-handler-cycle');
    expect(after.map((diagnostic) => diagnostic.code)).toContain('leaks/no-growing-module-collection');
  }, 120_000);
});
