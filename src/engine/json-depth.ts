/** The deepest nesting of arrays and objects read as JSON, from a caller or from a remote API. */
export const MAX_JSON_DEPTH = 100;

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `max`. JSON.parse itself
 * takes any depth; code that walks a value (masking, storing, validating) then never meets one
 * deep enough to exhaust the stack. Iterative, and it looks only at containers.
 */
export function nestsDeeper(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  // Pairs of (container, its depth) on one stack; arrays read by index, which costs a third of for…in.
  const pending: unknown[] = [value, 1];
  while (pending.length > 0) {
    const depth = pending.pop() as number;
    const node = pending.pop() as object;
    if (depth > max) return true;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const child: unknown = node[index];
        if (typeof child === 'object' && child !== null) pending.push(child, depth + 1);
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) pending.push(child, depth + 1);
      }
    }
  }
  return false;
}

/**
 * What is wrong with a JSON body written as text, if anything: one that reads as an object or a
 * list (not a whole template, `{{ input.payload }}`) was meant as JSON, and must parse.
 */
export function jsonBodyProblem(body: string): string | undefined {
  if (!/^\s*[[{](?![{%])/.test(body)) return undefined;
  try {
    JSON.parse(body);
    return undefined;
  } catch (error) {
    return `is not valid JSON (${jsonSyntaxReason(error)}); templates go inside strings ("id": "{{ input.id }}")`;
  }
}

/** Why `JSON.parse` refused a text, without the piece of the text V8 quotes (it may hold a secret). */
export function jsonSyntaxReason(error: unknown): string {
  return (error as Error).message.replace(/, ".*$/s, '');
}
