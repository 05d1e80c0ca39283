import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePasswd, parsePasswdFacts } from '../../../../src/core/sockets/parseProcFiles';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '# alice:x:1000:1000::/home/commented:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin',
  'alice:x:1000:1000:Alice:/home/alice:/bin/bash',
  'toor:x:0:0:second root:/home/toor:/bin/sh',
  'bad',
  'svc:x:abc:1::/srv/svc:/bin/sh',
  'www:x:33:33::relative:/bin/sh',
  'sys:x:3:3::/:/usr/sbin/nologin',
  '',
].join('\n');

describe('/etc/passwd read once', () => {
  it('gives login names, each uid\'s home and the users\' homes, skipping comments and malformed lines', () => {
    const facts = parsePasswdFacts(PASSWD);
    assert.deepEqual([...facts.users], [[0, 'root'], [1, 'daemon'], [65534, 'nobody'], [1000, 'alice'], [33, 'www'], [3, 'sys']]);
    assert.deepEqual([...facts.homeOf], [[0, '/root'], [1, '/usr/sbin'], [65534, '/nonexistent'], [1000, '/home/alice'], [3, '/']]);
    assert.deepEqual(facts.homes, ['/root', '/home/alice', '/home/toor'], 'no comment line, no system folder, no /');
    assert.deepEqual(parsePasswd(PASSWD), facts.users);
  });
});
