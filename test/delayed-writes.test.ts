import { describe, expect, it } from 'vitest';
import { DelayedWrites } from '../src/store/delayed-writes.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DelayedWrites', () => {
  it('writes a key\'s entries together, in order, once the first is old enough, and every key then due in one write', async () => {
    const writes: [string, number[]][][] = [];
    const writer = new DelayedWrites<number>(async (due) => void writes.push([...due]), 50);
    writer.add('a', 1);
    writer.add('b', 10);
    writer.add('a', 2);
    expect(writes).toEqual([]);
    await expect.poll(() => writes.length, { timeout: 5000 }).toBe(1);
    expect(writes[0]).toEqual([
      ['a', [1, 2]],
      ['b', [10]],
    ]);
  });

  it('never writes a key dropped before its time, and writes the others', async () => {
    const written: string[] = [];
    const writer = new DelayedWrites<number>(async (due) => void written.push(...due.keys()), 50);
    writer.add('ended', 1);
    writer.add('running', 1);
    writer.drop('ended');
    await expect.poll(() => written, { timeout: 5000 }).toEqual(['running']);
    await wait(150);
    expect(written).toEqual(['running']);
  });

  it('runs one write at a time, so what is added during a write lands after it', async () => {
    const order: string[] = [];
    let release = () => {};
    const writer = new DelayedWrites<string>(async (due) => {
      for (const entries of due.values()) order.push(...entries);
      if (order.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 10);
    writer.add('a', 'first');
    await expect.poll(() => order, { timeout: 5000 }).toEqual(['first']);
    writer.add('a', 'second');
    await wait(100);
    expect(order).toEqual(['first']);
    release();
    await expect.poll(() => order, { timeout: 5000 }).toEqual(['first', 'second']);
  });

  it('lets a failed write go without an unhandled rejection, and goes on writing', async () => {
    const written: number[] = [];
    const writer = new DelayedWrites<number>(async (due) => {
      const entries = [...due.values()].flat();
      if (entries.includes(1)) throw new Error('connection terminated');
      written.push(...entries);
    }, 10);
    writer.add('a', 1);
    await wait(100);
    writer.add('a', 2);
    await expect.poll(() => written, { timeout: 5000 }).toEqual([2]);
  });
});
