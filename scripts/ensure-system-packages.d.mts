// Types of scripts/ensure-system-packages.mjs, for its unit test (tsc does not read .mjs).
export interface SystemPackage { readonly name: string; readonly neededFor: readonly ('start' | 'test')[]; readonly why: string }
export interface SystemPackagePlan {
  readonly action: 'none' | 'install' | 'cannot-install';
  readonly exitCode: number;
  readonly lines: string[];
  readonly install: string[];
  readonly adminCommand?: string;
}
export const INSTALL_SCRIPT: string;
export function readPackageList(path?: string): SystemPackage[];
export function installedFromDpkgQuery(stdout: string): Set<string>;
export function planSystemPackages(input: {
  packages: readonly SystemPackage[];
  installed: Set<string> | undefined;
  purpose: 'start' | 'test';
  isRoot: boolean;
  sudo: 'passwordless' | 'interactive' | 'none';
  ci: boolean;
}): SystemPackagePlan;
