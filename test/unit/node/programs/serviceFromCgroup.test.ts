// serviceFromCgroup on the cgroup file of a real process (this one), and the
// answers ownerLookup's own Linux cgroup reading gave that no other test covers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serviceFromCgroup } from '../../../../src/core/programs/service';

describe('serviceFromCgroup', () => {
  it('reads the unit of this very process from /proc/self/cgroup', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
    const cgroup = readFileSync('/proc/self/cgroup', 'utf8');
    const service = serviceFromCgroup(cgroup);
    const unit = /^0::.*\/([^/]+\.service)$/m.exec(cgroup)?.[1];
    if (unit !== undefined) assert.deepEqual([service.manager, service.manager === 'systemd' ? service.unit : undefined], ['systemd', unit]);
    else assert.match(service.manager === 'none' ? service.reason : '', /No service runs it/);
  });

  it('names no unit when the cgroup file has no systemd hierarchy', () => {
    assert.deepEqual(serviceFromCgroup(''), { manager: 'none', reason: 'The cgroup file names no systemd hierarchy, so systemd does not manage this process.' });
    assert.equal(serviceFromCgroup('3:cpu:/x\n').manager, 'none');
  });

  it('names no unit from a cgroup directory systemd would never have made, and says why', () => {
    const service = serviceFromCgroup("0::/system.slice/a';touch x;'.service\n");
    assert.equal(service.manager, 'none');
    assert.match(service.manager === 'none' ? service.reason : '', /is not a valid systemd unit name/);
  });
});
