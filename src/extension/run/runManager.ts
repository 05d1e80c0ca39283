// Starts, resumes and drives runs in this window: picks a runbook and targets,
// keeps the sessions, answers the panel's messages and the palette's
// commands, and restores panels after a reload.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { createRun } from '../../core/run/runState';
import { itemRecord } from '../../core/run/stepRunner';
import { newRunId } from '../../core/run/runId';
import type { RunRecord, RunTargets } from '../../core/run/types';
import type { PhaseId } from '../../core/runbook/model';
import { parseTargets } from '../../core/targets/parseTargets';
import { parsePortSpec } from '../../core/targets/portSpec';
import { currentOperator } from '../../node/run/operator';
import { RunStore } from '../../node/run/runStore';
import { getLog } from '../log';
import type { CatalogEntry, RunbookCatalog } from '../runbooks/runbookCatalog';
import { readProbeSettings } from '../settings';
import { RUN_PANEL_VIEW_TYPE, RunPanel, type PanelHandlers, type PanelMessage } from './runPanel';
import { RunSession } from './runSession';
import { DEFAULT_INVENTORY, hostAnsibleCommand } from './hostAnsibleCommand';

/** Context key for `when` clauses: a run is open in this window (package.json menus.commandPalette). */
export const HAS_OPEN_RUN = 'runbook.hasOpenRun';

export class RunManager implements PanelHandlers, vscode.Disposable {
  private readonly sessions = new Map<string, RunSession>();
  private readonly stores = new Map<string, RunStore>();
  private readonly resuming = new Map<string, Promise<RunSession | undefined>>();
  private active: RunSession | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext, readonly catalog: RunbookCatalog) {}

  get activeSession(): RunSession | undefined {
    return this.active;
  }

  /** Where run records live: the workspace's `.runbook-runs/`, or global storage. */
  recordsDir(): vscode.Uri {
    const location = vscode.workspace.getConfiguration('runbook.records').get<'workspace' | 'global'>('location', 'workspace');
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (location === 'workspace' && folder) return vscode.Uri.joinPath(folder.uri, '.runbook-runs');
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'runs');
  }

  /** One store per folder: it remembers which revision this window last read, to refuse stale saves. */
  store(): RunStore {
    const dir = this.recordsDir().fsPath;
    let store = this.stores.get(dir);
    if (!store) {
      store = new RunStore(dir);
      this.stores.set(dir, store);
    }
    return store;
  }

  async startRun(args?: { runbookId?: string; targets?: RunTargets }): Promise<RunSession | undefined> {
    await this.catalog.refresh();
    const entry = args?.runbookId ? this.catalog.byId(args.runbookId) : await this.pickRunbook();
    if (!entry?.runbook) {
      if (args?.runbookId) void vscode.window.showErrorMessage(vscode.l10n.t('No runbook with id "{0}".', args.runbookId));
      return undefined;
    }
    const targets = args?.targets ?? await this.pickTargets();
    if (!targets) return undefined;
    const at = new Date().toISOString();
    const runbook = entry.runbook;
    const record = createRun({
      runId: newRunId(at, randomBytes(4).toString('hex')),
      runbook: { id: runbook.id, version: runbook.version ?? '', title: runbook.title, contentHash: entry.contentHash, source: entry.source, path: entry.path },
      targets,
      operator: currentOperator(),
      origin: 'editor',
      steps: runbook.phases.flatMap((phase) => phase.steps.map((step) => ({ id: step.id, phase: phase.id, title: step.title }))),
      at,
    });
    const saved = await this.store().save(record);
    getLog().info(`Started run ${saved.runId} of ${entry.path} on ${targets.mode === 'this-machine' ? 'this machine' : targets.text}`);
    const session = this.adopt(saved, entry);
    await this.context.workspaceState.update('runbook.activeRun', saved.runId);
    RunPanel.show(this.context.extensionUri, session, this);
    return session;
  }

  /** Opens a run from its record on disk (a reload, the Runs view). */
  async resume(runId: string): Promise<RunSession | undefined> {
    const existing = this.sessions.get(runId);
    if (existing) return existing;
    // Two callers at once (a restored panel and the tree, say) must share one session.
    let pending = this.resuming.get(runId);
    if (!pending) {
      pending = this.open(runId).finally(() => this.resuming.delete(runId));
      this.resuming.set(runId, pending);
    }
    return pending;
  }

  private async open(runId: string): Promise<RunSession | undefined> {
    let record: RunRecord;
    try {
      record = await this.store().load(runId);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} could not be opened: {1}', runId, error instanceof Error ? error.message : String(error)));
      return undefined;
    }
    await this.catalog.refresh();
    const entry = this.catalog.all().find((e) => e.runbook?.id === record.runbook.id && e.path === record.runbook.path) ?? this.catalog.byId(record.runbook.id);
    if (!entry?.runbook) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Run {0} follows runbook "{1}", which is not available here.', runId, record.runbook.id));
      return undefined;
    }
    if (entry.contentHash !== record.runbook.contentHash) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The runbook "{0}" changed since run {1} started; the run continues with its current text.', entry.path, runId));
    }
    return this.adopt(record, entry);
  }

  async openRun(runId: string): Promise<void> {
    const session = await this.resume(runId);
    if (session) RunPanel.show(this.context.extensionUri, session, this);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const runId = typeof state === 'object' && state !== null && typeof (state as { runId?: unknown }).runId === 'string' ? (state as { runId: string }).runId : undefined;
        const session = runId ? await this.resume(runId) : undefined;
        if (!session) {
          panel.dispose();
          return;
        }
        RunPanel.revive(panel, this.context.extensionUri, session, this);
      },
    });
  }

  /** The run palette commands act on; the context key hides the commands that need one while there is none. */
  private setActive(session: RunSession): void {
    this.active = session;
    void vscode.commands.executeCommand('setContext', HAS_OPEN_RUN, true);
  }

  /** A run's panel opened or came to the front: it is the run the palette commands, the tree and the status bar follow. */
  panelOpened(session: RunSession): void {
    if (this.active === session) return;
    this.setActive(session);
    this.changed.fire();
  }

  /**
   * A run's panel closed: palette commands, the Runbook tree and the status bar
   * move to another open run, or, with none left, to no run (the commands that
   * need one leave the palette; the run itself is in the Runs view).
   */
  panelClosed(session: RunSession): void {
    if (this.active !== session) return;
    const other = RunPanel.openSessions().at(-1);
    if (other !== undefined) {
      this.setActive(other);
    } else {
      this.active = undefined;
      void vscode.commands.executeCommand('setContext', HAS_OPEN_RUN, false);
    }
    this.changed.fire();
  }

  async handle(session: RunSession, message: PanelMessage): Promise<void> {
    this.setActive(session);
    const part = (m: { action?: string; finding?: string }) => ({ ...(m.action ? { actionId: m.action } : {}), ...(m.finding ? { findingId: m.finding } : {}) });
    switch (message.command) {
      case 'ready':
        return;
      case 'runAction':
      case 'runCommand':
        return session.runStep(message.step, part(message));
      case 'confirmStep':
        return session.runStep(message.step, { ...part(message), confirmedInPanel: true });
      case 'answerDecision':
        return session.runStep(message.step, { ...part(message), ...(message.answer ? { answer: message.answer } : {}) });
      case 'runPhase':
        return session.runPhase(message.phase);
      case 'skipStep':
        return this.skipStep(session, message.step, message.finding);
      case 'editNote':
        return this.editNote(session, message.step, message.finding);
      case 'copyAnsibleCommand':
        return this.copyAnsibleCommand(session, message.host);
      default: {
        const unhandled: never = message;
        throw new Error(`unhandled panel message ${JSON.stringify(unhandled)}`);
      }
    }
  }

  async skipStep(session: RunSession, stepId: string, findingId?: string): Promise<void> {
    findingId ??= await this.findingFor(session, stepId);
    if (!session.findItem(stepId, findingId)) return;
    const reason = await vscode.window.showInputBox({
      title: vscode.l10n.t('Skip step'),
      prompt: vscode.l10n.t('Why is this step skipped? The reason goes into the run record.'),
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('A reason is required to skip a step.') : undefined),
    });
    if (reason !== undefined) await session.skip(stepId, reason.trim(), findingId);
  }

  async editNote(session: RunSession, stepId: string, findingId?: string): Promise<void> {
    findingId ??= await this.findingFor(session, stepId);
    if (!session.findItem(stepId, findingId)) return;
    const note = await vscode.window.showInputBox({
      title: vscode.l10n.t('Note for this step'),
      prompt: vscode.l10n.t('Kept with the step in the run record; leave empty to remove the note.'),
      value: itemRecord(session.record, stepId, findingId)?.note ?? '',
      ignoreFocusOut: true,
    });
    if (note !== undefined) await session.note(stepId, note, findingId);
  }

  /** Puts the fleet playbook's command for one host on the clipboard, or says why ansibleCommand refused. */
  async copyAnsibleCommand(session: RunSession, host: string): Promise<void> {
    const row = session.findHost(host);
    if (!row) return;
    const inventory = vscode.workspace.getConfiguration('runbook.fleet').get<string>('inventory', DEFAULT_INVENTORY).trim() || DEFAULT_INVENTORY;
    const result = hostAnsibleCommand(session.record, row, inventory);
    if (!result.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No Ansible command for {0}: {1}', host, result.problems.join('; ')));
      return;
    }
    await vscode.env.clipboard.writeText(result.command);
    getLog().info(`Copied the Ansible command for ${host}: ${result.command}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the Ansible command for {0}. It prints the remediation plan; add "dht_apply": true to its variables to run it.', host));
  }

  /** The finding a palette command on a per-finding step is for. */
  private async findingFor(session: RunSession, stepId: string): Promise<string | undefined> {
    const found = session.findStep(stepId);
    return found?.step.forEach === 'finding' ? session.pickFinding(found.step) : undefined;
  }

  /** The session palette commands act on: the one last used, or a pick among the open ones. */
  async sessionForCommand(): Promise<RunSession | undefined> {
    if (this.active) return this.active;
    const last = this.context.workspaceState.get<string>('runbook.activeRun');
    if (last) {
      const session = await this.resume(last);
      if (session) return session;
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('No run is open. Start one with "Runbook: Start Run…".'));
    return undefined;
  }

  async pickStep(session: RunSession, filter: (kinds: string[]) => boolean = () => true): Promise<string | undefined> {
    const items = session.runbook.phases.flatMap((phase) => phase.steps
      .filter((step) => filter(step.actions.map((a) => a.kind)))
      .map((step) => ({ label: step.title, description: `${phase.title} · ${session.statusOf(step.id)}`, stepId: step.id })));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Pick a step'), matchOnDescription: true });
    return picked?.stepId;
  }

  async pickPhase(session: RunSession): Promise<PhaseId | undefined> {
    const picked = await vscode.window.showQuickPick(session.runbook.phases.map((p) => ({ label: p.title, phase: p.id })), { title: vscode.l10n.t('Pick a phase') });
    return picked?.phase;
  }

  private adopt(record: RunRecord, entry: CatalogEntry): RunSession {
    const session = new RunSession(record, entry.runbook!, entry.path, entry.source === 'workspace', this.store());
    this.sessions.set(record.runId, session);
    this.setActive(session);
    session.onDidChange(() => this.changed.fire());
    this.changed.fire();
    return session;
  }

  private async pickRunbook(): Promise<CatalogEntry | undefined> {
    const entries = this.catalog.all().filter((e) => e.runbook);
    if (entries.length === 1) return entries[0];
    const picked = await vscode.window.showQuickPick(entries.map((entry) => ({
      label: entry.runbook!.title, description: entry.path,
      detail: entry.diagnostics.length > 0 ? vscode.l10n.t('{0} problems: see the Problems panel', entry.diagnostics.length) : undefined,
      entry,
    })), { title: vscode.l10n.t('Start Run: pick a runbook') });
    return picked?.entry;
  }

  private async pickTargets(): Promise<RunTargets | undefined> {
    const thisMachine = { label: vscode.l10n.t('This machine'), description: vscode.l10n.t('loopback and every local interface address'), mode: 'this-machine' as const };
    const hosts = { label: vscode.l10n.t('Hosts…'), description: vscode.l10n.t('addresses, names, CIDR ranges, host:port'), mode: 'hosts' as const };
    const picked = await vscode.window.showQuickPick([thisMachine, hosts], { title: vscode.l10n.t('Start Run: which targets?') });
    if (!picked) return undefined;
    if (picked.mode === 'this-machine') return { mode: 'this-machine' };
    const ports = parsePortSpec(readProbeSettings().ports);
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Start Run: hosts to check'),
      placeHolder: vscode.l10n.t('e.g. 192.0.2.7 198.51.100.0/28 [2001:db8::5]:51413'),
      ignoreFocusOut: true,
      validateInput: (value) => {
        if (value.trim() === '') return vscode.l10n.t('Name at least one host.');
        const parsed = parseTargets(value, { defaultPorts: ports.ok ? ports.ranges : [] });
        return parsed.ok ? undefined : parsed.errors.slice(0, 3).map((err) => err.message).join('; ');
      },
    });
    return text === undefined ? undefined : { mode: 'hosts', text: text.trim() };
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.changed.dispose();
  }
}
