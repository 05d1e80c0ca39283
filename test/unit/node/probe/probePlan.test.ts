import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planProbe, type ProbePlanResult } from '../../../../src/node/probe/probePlan';

function brief(result: ProbePlanResult): string[] {
  assert.ok(result.ok, result.ok ? '' : result.errors.join('; '));
  return [...result.plan.endpoints()].map((endpoint) => `${endpoint.address} ${endpoint.port}`);
}

describe('planProbe: default ports', () => {
  it('lets targets that name their ports run with an empty default-ports setting', async () => {
    for (const ports of ['', '  ']) {
      const result = await planProbe({ targets: '10.0.0.0/30:1-2', ports, maxEndpoints: 100 });
      assert.deepEqual(brief(result), ['10.0.0.1 1', '10.0.0.2 1', '10.0.0.1 2', '10.0.0.2 2']);
    }
  });

  it('names each target without ports when there are no default ports', async () => {
    const result = await planProbe({ targets: '10.0.0.1:6881 10.0.0.2 [::1]', ports: '', maxEndpoints: 100 });
    assert.deepEqual(result, {
      ok: false,
      errors: [
        '10.0.0.2: no ports: name its ports, as HOST:PORTS, or set runbook.probe.ports (CLI flag --ports)',
        '[::1]: no ports: name its ports, as HOST:PORTS, or set runbook.probe.ports (CLI flag --ports)',
      ],
    });
  });

  it('refuses this machine with no default ports, as it has nowhere to name them', async () => {
    const result = await planProbe({ thisMachine: true, ports: '', maxEndpoints: 100 });
    assert.deepEqual(result, { ok: false, errors: ['this machine: no ports to probe: set runbook.probe.ports (CLI flag --ports)'] });
  });

  it('still uses default ports when set, and still refuses a bad port list', async () => {
    assert.deepEqual(brief(await planProbe({ targets: '10.0.0.1 10.0.0.2:7', ports: '6881', maxEndpoints: 100 })), [
      '10.0.0.2 7', '10.0.0.1 6881',
    ]);
    assert.deepEqual(await planProbe({ targets: '10.0.0.1', ports: '6881,', maxEndpoints: 100 }), {
      ok: false,
      errors: ['ports "6881,": empty entry in port list "6881,": remove the extra comma'],
    });
  });
});
