/**
 * Splits a command as a POSIX shell reads its words: single quotes keep everything, double
 * quotes keep all but `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes escapes the next
 * character, and a backslash before a line break joins the lines (as docs wrap long commands).
 * `$VAR` is kept as written, for the importer to read as a placeholder. Throws on an unclosed quote.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (char === '\\') {
      const next = text[at + 1];
      at++;
      if (next === '\n' || (next === '\r' && text[at + 1] === '\n' && ++at)) continue;
      if (next !== undefined) word += next;
      inWord = true;
    } else if (char === "'") {
      const end = text.indexOf("'", at + 1);
      if (end < 0) throw new Error('a single quote is not closed');
      word += text.slice(at + 1, end);
      at = end;
      inWord = true;
    } else if (char === '"') {
      at++;
      for (; at < text.length && text[at] !== '"'; at++) {
        if (text[at] === '\\' && '"\\$`\n'.includes(text[at + 1] ?? '')) {
          at++;
          if (text[at] === '\n') continue;
        }
        word += text[at];
      }
      if (at >= text.length) throw new Error('a double quote is not closed');
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
