import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { currentOperator, type OperatorSources } from '../../../../src/node/run/operator';

const sources = (overrides: Partial<OperatorSources>): OperatorSources => ({
  userInfo: () => ({ username: 'alice', uid: 1000 }),
  hostname: () => 'web-07',
  env: {},
  ...overrides,
});

const noPasswdEntry = (): never => {
  throw Object.assign(new Error('uv_os_get_passwd returned ENOENT'), { code: 'ERR_SYSTEM_ERROR' });
};

describe('the operator', () => {
  it('is the OS user on this host', () => {
    assert.deepEqual(currentOperator(sources({})), { user: 'alice', host: 'web-07' });
  });

  it('falls back to the environment when the OS has no passwd entry for the uid', () => {
    assert.equal(currentOperator(sources({ userInfo: noPasswdEntry, env: { LOGNAME: 'bob' } })).user, 'bob');
    assert.equal(currentOperator(sources({ userInfo: noPasswdEntry, env: { USERNAME: 'carol' } })).user, 'carol');
    assert.equal(currentOperator(sources({ userInfo: noPasswdEntry })).user, 'unknown user');
    assert.equal(currentOperator(sources({ userInfo: () => ({ username: '', uid: 1001 }) })).user, 'uid 1001');
  });

  it('falls back to the environment for the host name', () => {
    assert.equal(currentOperator(sources({ hostname: () => '', env: { COMPUTERNAME: 'WS-12' } })).host, 'WS-12');
    assert.equal(currentOperator(sources({ hostname: () => { throw new Error('no'); } })).host, 'unknown host');
  });

  it('reads this machine without throwing', () => {
    const operator = currentOperator();
    assert.ok(operator.user.length > 0 && operator.host.length > 0);
  });
});
