import type { Definition, RunResult } from '../engine/index.ts';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const green = paint(32);
const red = paint(31);
const dim = paint(2);
const bold = paint(1);

const MARK = { success: green('✓'), failed: red('✗'), skipped: dim('–') } as const;

/** A run as people read it: each step with its status and time, then the contact patch. */
export function formatRun(definition: Definition, result: RunResult): string {
  const lines: string[] = [];
  const status = result.status === 'success' ? green(result.status) : red(result.status);
  lines.push(`${bold(definition.name)} ${dim(`(${definition.type})`)}: ${status} in ${result.durationMs} ms`);
  for (const step of result.steps) {
    const title = step.name ? `${step.id} ${dim(step.name)}` : step.id;
    const request = step.request ? `  ${step.request.method} ${step.request.url}` : '';
    const answer = step.response ? ` → ${step.response.status}` : '';
    const timing = step.status === 'skipped' ? '' : dim(` ${step.durationMs} ms${step.attempts > 1 ? `, ${step.attempts} attempts` : ''}`);
    lines.push(`  ${MARK[step.status]} ${title}${request}${answer}${timing}`);
    for (const [name, value] of Object.entries(step.outputs)) lines.push(dim(`      ${name} = ${JSON.stringify(value)}`));
    for (const note of step.notes) lines.push(dim(`      ${note}`));
    if (step.error) lines.push(red(`      ${step.error.message}`));
  }
  const written = result.mappings.filter((mapping) => mapping.written);
  if (result.status === 'success') {
    lines.push(written.length > 0 ? 'Contact patch:' : 'Contact patch: nothing to write');
    for (const mapping of result.mappings) {
      if (mapping.written) lines.push(`  ${mapping.target} = ${JSON.stringify(mapping.value)}`);
      else lines.push(dim(`  ${mapping.target} not written: ${mapping.reason ?? ''}`));
    }
  } else if (result.error) {
    lines.push(red(`Failed${result.error.step ? ` at ${result.error.step}` : ''}: ${result.error.message}`));
  }
  return lines.join('\n');
}
