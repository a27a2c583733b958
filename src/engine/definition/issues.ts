import type { z } from 'zod';

/** One thing wrong with an input, at a JSON path such as `steps[1].url`. */
export interface Issue {
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** zod issues as `{ path, message }`, a union reported through the branch that got furthest. */
export function fromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  return error.issues.flatMap((issue) => flatten(issue, [...prefix, ...issue.path]));
}

function flatten(issue: z.core.$ZodIssue, path: PropertyKey[]): Issue[] {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (depth(best) > 0) return best.flatMap((i) => flatten(i, [...path, ...i.path]));
    const expected = issue.errors.flatMap((branch) => branch.map((i) => ('expected' in i ? String(i.expected) : '')));
    const kinds = [...new Set(expected.filter(Boolean))];
    return [{ path: formatPath(path), message: `expected ${kinds.join(' or ') || 'another shape'}` }];
  }
  // An unknown key is named itself, not the object holding it.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'is not a known field' }));
  return [{ path: formatPath(path), message: issue.message }];
}
