import { cloneElement, createContext, useContext, useId, type ReactElement, type ReactNode } from 'react';
import type { Problem } from '../api.ts';

/** The API's complaints about the form on screen, by path (`steps[1].url`). */
export const ProblemsContext = createContext<Problem[]>([]);

/** Problems at `path` or inside it (`steps[1]` holds `steps[1].url`). */
export function problemsAt(problems: Problem[], path: string): Problem[] {
  return problems.filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`));
}

/** What the API said about `path`, under the field it names. */
export function FieldError({ path, id }: { path: string; id?: string }) {
  const found = problemsAt(useContext(ProblemsContext), path);
  if (found.length === 0) return null;
  return (
    <span className="field-error" id={id}>
      {found.map((problem) => (problem.path === path ? problem.message : `${problem.path.slice(path.length).replace(/^\./, '')} ${problem.message}`)).join('; ')}
    </span>
  );
}

/** A labelled control with a hint and, when the API named it, its error (described by both). */
export function Field({ label, path, hint, children, className }: { label: ReactNode; path?: string; hint?: ReactNode; children: ReactElement<Record<string, unknown>>; className?: string }) {
  const id = useId();
  const invalid = path !== undefined && problemsAt(useContext(ProblemsContext), path).length > 0;
  const describedBy = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy })}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {path !== undefined && <FieldError path={path} id={`${id}-error`} />}
    </div>
  );
}
