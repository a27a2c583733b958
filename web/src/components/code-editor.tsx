import { autocompletion, type Completion, type CompletionContext } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useContext, useEffect, useRef } from 'react';
import { DeclareContext, VariablesContext } from './template-field.tsx';

type Props = {
  value: string;
  onChange: (value: string) => void;
  /** The name read out for the editor (it is not a form control a label can point at). */
  label: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
};

/** `{{` and what follows it, up to the cursor. */
const OPENING = /\{\{\s*[\w.[\]"]*$/;

/**
 * A JSON body in a code editor (CodeMirror 6, about a seventh of Monaco's size: 111 KB of gzip
 * against Monaco's 617 KB core alone, loaded only where a JSON body is edited): highlighting,
 * bracket matching, undo, and after
 * `{{` the variables a template may use here (picking a path of an earlier answer declares the
 * output it needs, as the template fields do).
 */
export function CodeEditor({ value, onChange, label, id, ...aria }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const attributes = useRef(new Compartment());
  const latest = useRef({ onChange, variables: useContext(VariablesContext), declare: useContext(DeclareContext) });
  latest.current = { onChange, variables: useContext(VariablesContext), declare: useContext(DeclareContext) };
  const described = { 'aria-label': label, ...(id ? { id } : {}), ...(aria['aria-invalid'] ? { 'aria-invalid': 'true' } : {}), ...(aria['aria-describedby'] ? { 'aria-describedby': aria['aria-describedby'] } : {}) };

  useEffect(() => {
    const complete = (context: CompletionContext) => {
      const before = context.matchBefore(OPENING);
      if (!before) return null;
      const options: Completion[] = latest.current.variables.map((variable) => ({
        label: `{{${variable.name}}}`,
        detail: variable.detail,
        apply: (editor, _completion, from, to) => {
          // Whatever of a name and closing braces follows the cursor is replaced too.
          const rest = /^[\w.[\]"]*\s*(\}\})?/.exec(editor.state.sliceDoc(to, to + 200))?.[0].length ?? 0;
          const inserted = `{{${variable.name}}}`;
          editor.dispatch({ changes: { from, to: to + rest, insert: inserted }, selection: { anchor: from + inserted.length } });
          if (variable.declares) latest.current.declare(variable.declares);
        },
      }));
      return { from: before.from, options, filter: true };
    };
    // In a shadow root, CodeMirror's styles are a constructed style sheet, which the page's
    // Content-Security-Policy (no inline style) allows; on the page itself they would be a <style>.
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const editor = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          json(),
          syntaxHighlighting(defaultHighlightStyle),
          bracketMatching(),
          autocompletion({ override: [complete] }),
          EditorView.lineWrapping,
          EditorView.theme({ '&': { maxHeight: '24rem', fontSize: '0.85rem' }, '.cm-scroller': { overflow: 'auto' }, '&.cm-focused': { outline: 'none' } }),
          attributes.current.of(EditorView.contentAttributes.of(described)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // Made once; the value and the attributes follow below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  const key = JSON.stringify(described);
  useEffect(() => {
    view.current?.dispatch({ effects: attributes.current.reconfigure(EditorView.contentAttributes.of(described)) });
    // `key` says when the attributes changed.
  }, [key]);

  return <div ref={host} className={`code-editor${aria['aria-invalid'] ? ' invalid' : ''}`} />;
}
