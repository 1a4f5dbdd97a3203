import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@lesp/test-infra';

const run = promisify(execFile);
const buf = `${REPO_ROOT}node_modules/.bin/buf`;
const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of proto/ with one edit to the AgencyRegistered event. */
async function editedProto(edit: (source: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lesp-proto-'));
  scratch.push(dir);
  await cp(`${REPO_ROOT}proto`, dir, { recursive: true });
  const file = join(dir, 'lesp/case_intake/v1/events.proto');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
}

async function breaking(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    await run(buf, ['breaking', '--against', `${REPO_ROOT}proto/published.binpb`], { cwd: dir });
    return { ok: true, output: '' };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

describe('published event contracts', () => {
  it('accepts the current proto/ and a compatible addition', async () => {
    expect((await breaking(`${REPO_ROOT}proto`)).ok).toBe(true);
    const added = await editedProto((s) =>
      s.replace('  string legal_basis = 5;\n}', '  string legal_basis = 5;\n  string website = 6;\n}'),
    );
    expect(await breaking(added)).toEqual({ ok: true, output: '' });
  });

  it('catches a renumbered field and a removed field of a published event', async () => {
    const renumbered = await editedProto((s) => s.replace('string name = 2;', 'string name = 9;'));
    const result = await breaking(renumbered);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/AgencyRegistered/);

    const removed = await editedProto((s) => s.replace('  string reason = 2;\n', ''));
    const removal = await breaking(removed);
    expect(removal.ok).toBe(false);
    expect(removal.output).toMatch(/AgencySuspended/);
  });
});
