import { describe, expect, it } from 'vitest';
import { Batcher } from '../src/store/batcher.ts';

describe('Batcher', () => {
  it('writes calls made together as one batch, and calls made during a write as the next', async () => {
    const batches: number[][] = [];
    let release = () => {};
    const batcher = new Batcher(async (inputs: number[]) => {
      batches.push(inputs);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return inputs.map((input) => input * 10);
    });
    const first = [1, 2, 3].map((n) => batcher.call(n));
    await new Promise((resolve) => setImmediate(resolve));
    const second = [4, 5].map((n) => batcher.call(n));
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('fails only the call that cannot be written when a batch fails', async () => {
    const batcher = new Batcher(async (inputs: string[]) => {
      if (inputs.includes('bad')) throw new Error('invalid input syntax');
      return inputs.map((input) => input.toUpperCase());
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((input) => batcher.call(input)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('invalid input syntax') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('gives each caller its own row when reading by key, duplicates and missing keys included', async () => {
    const asked: string[][] = [];
    const batcher = Batcher.byKey(
      async (keys) => {
        asked.push(keys);
        return keys.filter((key) => key !== 'gone').map((key) => ({ id: key }));
      },
      (row) => row.id,
    );
    expect(await Promise.all(['x', 'y', 'x', 'gone'].map((key) => batcher.call(key)))).toEqual([{ id: 'x' }, { id: 'y' }, { id: 'x' }, undefined]);
    expect(asked).toEqual([['x', 'y', 'gone']]);
  });

  it('reads keys of several workspaces made together as one select per workspace, each within its workspace', async () => {
    const rows = [
      { workspace: 'a', id: '1' },
      { workspace: 'b', id: '2' },
    ];
    const selects: [string, string[]][] = [];
    const batcher = Batcher.byKeyIn(
      async (workspaceId, ids) => {
        selects.push([workspaceId, ids]);
        return rows.filter((row) => row.workspace === workspaceId && ids.includes(row.id));
      },
      (row) => row.id,
    );
    const found = await Promise.all([batcher.call({ workspaceId: 'a', key: '1' }), batcher.call({ workspaceId: 'b', key: '2' }), batcher.call({ workspaceId: 'a', key: '2' }), batcher.call({ workspaceId: 'a', key: '1' })]);
    expect(found).toEqual([rows[0], rows[1], undefined, rows[0]]);
    expect(selects).toEqual([
      ['a', ['1', '2']],
      ['b', ['2']],
    ]);
  });
});
