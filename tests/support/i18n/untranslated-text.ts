/**
 * Finds UI text that bypasses the catalogues: words written straight into JSX (`<button>Delete</button>`,
 * `{busy ? 'Saving…' : 'Save'}`) and literal words in the attributes people read or hear
 * (`aria-label`, `title`, `placeholder`, `alt`, and the `label`/`hint`/`text` props of our own
 * components). Parsed with the TypeScript compiler, so comments and class names never count.
 */
import ts from 'typescript';

/** Props whose string value is shown or spoken. */
const READ_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'hint',
  'text',
]);

/**
 * Text that is the same in every language: the brand, key caps, protocol names, an example host name.
 * Anything else with letters must come from the catalogues.
 */
export const ALLOWED_TEXT = new Set(['Parley', 'Ctrl', 'K', 'STARTTLS', 'mail.example.org']);

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

const hasWords = (text: string): boolean => /\p{L}{2,}|^\p{Lu}$/u.test(text.trim());

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  }
  return undefined;
}

/** String literals an expression can evaluate to (through `a ? b : c`, `a && b`, `a ?? b`, parens). */
function shownLiterals(node: ts.Expression): ts.Node[] {
  if (literalText(node) !== undefined) return [node];
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node))
    return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return shownLiterals(node.right);
    if (
      op === ts.SyntaxKind.BarBarToken ||
      op === ts.SyntaxKind.QuestionQuestionToken ||
      op === ts.SyntaxKind.PlusToken
    )
      return [...shownLiterals(node.left), ...shownLiterals(node.right)];
  }
  return [];
}

/** Every untranslated text in one .tsx source. */
export function findUntranslatedText(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string): void => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (!hasWords(trimmed) || ALLOWED_TEXT.has(trimmed)) return;
    findings.push({
      file,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      text: trimmed,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const literal of shownLiterals(node.expression)) report(literal, literalText(literal) ?? '');
    } else if (ts.isJsxAttribute(node) && READ_PROPS.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const expression = ts.isJsxExpression(init) ? init.expression : init;
      if (expression)
        for (const literal of shownLiterals(expression)) report(literal, literalText(literal) ?? '');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}
