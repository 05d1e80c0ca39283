// What a finding says about itself in the terms a runbook's `if:` lines and
// placeholders use. Values come from the owner lookup (ProgramFacts) where it
// ran, and from the older owner fields otherwise; a value that is not known is
// absent, never guessed.
import type { Finding } from '../findings/types';
import { describeRefusal } from '../programs/refusal';
import type { FindingFact } from '../runbook/model';

/** The value of each fact for one finding ("none" when the finding has no such thing). */
export function findingFacts(finding: Finding): Record<FindingFact, string> {
  const install = finding.program?.install;
  const service = finding.program?.service;
  return {
    where: finding.where,
    install: install?.kind ?? legacyInstallKind(finding),
    manager: install?.manager ?? legacyManager(finding) ?? 'none',
    service: service === undefined
      ? (finding.owner?.service === undefined ? 'none' : 'system')
      : service.manager === 'systemd' ? service.scope
      : service.manager === 'none' ? 'none' : service.manager,
  };
}

/** Placeholder values for one finding; a refused package is left out, with the refusal shown instead. */
export function findingValues(finding: Finding): Record<string, string | undefined> {
  const facts = finding.program;
  const install = facts?.install;
  const service = facts?.service;
  const refused = install?.refusal !== undefined || facts?.program?.runtime !== undefined && install?.package === undefined;
  const legacyPackage = facts === undefined ? finding.owner?.packages[0] : undefined;
  return {
    'process.name': finding.processName,
    'process.pid': finding.pid === undefined ? undefined : String(finding.pid),
    'process.executable': facts?.process.executable ?? finding.owner?.executable,
    'program.path': facts?.program?.path ?? facts?.process.executable ?? finding.owner?.executable,
    'runtime.executable': facts?.program?.runtime?.executable,
    package: refused ? undefined : install?.package ?? legacyPackage,
    // Not a placeholder: it tells the value rules which manager's package-name rule {{package}} must pass.
    'package.manager': install?.manager ?? legacyManager(finding),
    'removable.path': install?.removablePath,
    service: service === undefined ? finding.owner?.service
      : service.manager === 'systemd' ? service.unit
      : service.manager === 'launchd' ? service.label
      : service.manager === 'windows-service' ? service.name : undefined,
    // systemctl --machine takes "<user>@" for a user's own service manager.
    'service.machine': service?.manager === 'systemd' && service.scope === 'user' && service.user !== undefined ? `${service.user}@` : undefined,
    'service.target': service?.manager === 'launchd' ? `${service.domain ?? 'system'}/${service.label}` : undefined,
  };
}

/** Why a value is missing, in words a person can act on, when the finding says why. */
export function whyMissing(finding: Finding, name: string): string | undefined {
  const facts = finding.program;
  switch (name) {
    case 'package':
      if (facts?.install.refusal !== undefined) return describeRefusal(facts.install.refusal);
      if (facts?.program?.runtime !== undefined && facts.install.package === undefined) {
        return `the program is ${facts.program.path}, run by ${facts.program.runtime.executable}; no package owns ${facts.program.path}, and the runtime's own package must not be removed`;
      }
      return facts?.install.note ?? finding.owner?.packageNote;
    case 'service':
    case 'service.machine':
    case 'service.target':
      return facts?.service.manager === 'none' ? facts.service.reason : finding.owner?.serviceNote;
    case 'removable.path':
      return facts?.install.manager === undefined ? undefined : `${facts.install.manager} manages the program; remove it with ${facts.install.manager}, not by hand`;
    default:
      return finding.where === 'remote' ? `this node runs on ${finding.host}; remediate it on that host` : undefined;
  }
}

function legacyInstallKind(finding: Finding): string {
  switch (finding.owner?.packageManager) {
    case 'dpkg': return 'deb';
    case 'rpm': return 'rpm';
    case 'brew': return 'homebrew';
    case 'snap': return 'snap';
    default: return finding.owner === undefined ? 'unknown' : 'unpackaged';
  }
}

function legacyManager(finding: Finding): string | undefined {
  switch (finding.owner?.packageManager) {
    case 'dpkg': return 'apt';
    case 'brew': return 'brew';
    case 'snap': return 'snap';
    default: return undefined;
  }
}
