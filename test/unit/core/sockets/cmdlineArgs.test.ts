import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cmdlineArgs, parseCmdline } from '../../../../src/core/sockets/parseProcFiles';

describe('/proc/<pid>/cmdline', () => {
  it('splits into arguments at NUL, keeping empty and spaced arguments', () => {
    assert.deepEqual(cmdlineArgs('python3\0-m\0deluge.core\0\0--config\0/home/a b/.config\0'), ['python3', '-m', 'deluge.core', '', '--config', '/home/a b/.config']);
    assert.deepEqual(cmdlineArgs(''), [], 'a kernel thread has none');
    assert.deepEqual(cmdlineArgs('node open.js'), ['node open.js'], 'a process that rewrote its title without NULs');
  });

  it('joins the same arguments with spaces for display', () => {
    assert.equal(parseCmdline('python3\0-m\0deluge.core\0'), 'python3 -m deluge.core');
    assert.equal(parseCmdline(''), undefined);
  });
});
