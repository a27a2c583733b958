/** What a template field offers after `{{`: one variable, and the output picking it declares. */

export interface Variable {
  /** What goes between the braces: `contact.email`, `step_1.contactId`. */
  name: string;
  /** Where it comes from, shown beside it. */
  detail: string;
  /** A path in an earlier step's last answer that is not an output yet: picking it declares one. */
  declares?: Declaration;
}

export interface Declaration {
  /** The step's key in the draft. */
  step: string;
  output: string;
  path: string;
}
