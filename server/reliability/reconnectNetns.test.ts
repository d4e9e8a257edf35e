/**
 * Reconnect after the kernel kills the student's TCP connection (`ss -K`), inside a private
 * network namespace (`unshare -rn`: loopback only, and we may destroy sockets there). The
 * scenario runs in a child process (server/reliability/test-support/sskScenario.ts); see reconnect.test.ts
 * for the same properties with the transport closed from the client side.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const namespaces = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && ss -V'], { stdio: 'ignore' }).status === 0;

describe('student connection destroyed with ss -K', () => {
  it(
    namespaces
      ? 'reconnects within 5 s as the same participant; missed and offline messages arrive once, in seq order'
      : 'needs unshare -rn and ss: this machine has neither, so the scenario must report that clearly',
    () => {
      if (!namespaces) {
        // Not skipped: on such a machine the same properties are shown by reconnect.test.ts,
        // and this asserts that the probe really failed rather than silently passing.
        expect(spawnSync('unshare', ['-rn', 'true']).status === 0 && spawnSync('ss', ['-V']).status === 0).toBe(false);
        return;
      }
      const run = spawnSync(
        'unshare',
        ['-rn', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" --import tsx server/reliability/test-support/sskScenario.ts`],
        { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
      );
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
        reconnectMs: number;
        sameParticipant: boolean;
        sends: boolean[];
        ana: string[];
        anaSeqs: number[];
        teacher: string[];
        teacherStayed: boolean;
      };
      expect(out.reconnectMs).toBeLessThan(5000);
      expect(out.sameParticipant).toBe(true);
      expect(out.sends).toEqual([true, true]);
      expect(out.ana).toHaveLength(8);
      expect(out.ana).toEqual(out.teacher);
      expect(out.anaSeqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const t of ['offline-a', 'offline-b', 'during0', 'during1', 'during2']) expect(out.ana.filter((x) => x === t)).toHaveLength(1);
      expect(out.teacherStayed).toBe(true);
    },
    70_000,
  );
});
