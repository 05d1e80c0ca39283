import * as vscode from 'vscode';
import { DEFAULT_SWEEP_SETTINGS } from '../node/probe/dhtSweep';
import { DEFAULT_MAX_ENDPOINTS, DEFAULT_PORTS } from '../node/probe/probePlan';

export interface ProbeSettings {
  readonly ports: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly ratePerSecond: number;
  readonly maxEndpoints: number;
}

/** The `runbook.probe.*` settings, with the library's defaults behind them. */
export function readProbeSettings(): ProbeSettings {
  const config = vscode.workspace.getConfiguration('runbook.probe');
  return {
    ports: config.get<string>('ports', DEFAULT_PORTS),
    timeoutMs: config.get<number>('timeoutMs', DEFAULT_SWEEP_SETTINGS.timeoutMs),
    retries: config.get<number>('retries', DEFAULT_SWEEP_SETTINGS.retries),
    ratePerSecond: config.get<number>('ratePerSecond', DEFAULT_SWEEP_SETTINGS.ratePerSecond),
    maxEndpoints: config.get<number>('maxEndpoints', DEFAULT_MAX_ENDPOINTS),
  };
}
