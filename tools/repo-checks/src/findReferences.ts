import ts from 'typescript'

/**
 * How a file names another module or file: a static `import`/`export … from` (type-only ones too), a dynamic
 * `import()`, a `require()` or `*.resolve()` call, or a string that is a path or a package name (a `bin` spawned by
 * path, `new URL('../…', import.meta.url)`, `join(root, 'reference-nodes', 'kis')`, `packageName: '@spaceos/x'`).
 */
export type ReferenceKind = 'import' | 'dynamic-import' | 'require' | 'string'

/** One module specifier or path-like string found in a source file. */
export type Reference = {
  kind: ReferenceKind
  /** As written; for consecutive string arguments of one call (`join(root, 'a', 'b')`), joined with `/`. */
  text: string
  /** 1-based line of the reference. */
  line: number
}

const scriptKindOf = (fileName: string): ts.ScriptKind => {
  if (/\.[cm]?tsx$/.test(fileName)) return ts.ScriptKind.TSX
  if (/\.[cm]?ts$/.test(fileName)) return ts.ScriptKind.TS
  return ts.ScriptKind.JS
}

const isStringLike = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)

/** `require(x)`, `require.resolve(x)`, `import.meta.resolve(x)`, `createRequire(…).resolve(x)`. */
const isRequireLike = (call: ts.CallExpression): boolean => {
  const callee = call.expression
  if (ts.isIdentifier(callee)) return callee.text === 'require'
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve'
}

/**
 * Every module specifier and every path-like or package-like string in a JavaScript or TypeScript source, read with
 * the TypeScript parser (comments, JSDoc `@example`s included, are not code and are not reported).
 *
 * @example
 * import { findReferences } from '@spaceos/repo-checks'
 * findReferences('a.ts', "import { x } from '@spaceos/kis-node'") // [{ kind: 'import', text: '@spaceos/kis-node', line: 1 }]
 */
export function findReferences(fileName: string, sourceText: string): Reference[] {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, false, scriptKindOf(fileName))
  const references: Reference[] = []
  const seen = new Set<ts.Node>()
  const add = (kind: ReferenceKind, node: ts.Node, text: string) => {
    references.push({ kind, text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 })
  }
  const addSpecifier = (kind: ReferenceKind, node: ts.Node | undefined) => {
    if (node === undefined || !isStringLike(node)) return
    seen.add(node)
    add(kind, node, node.text)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      addSpecifier('import', node.moduleSpecifier)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      addSpecifier('require', node.moduleReference.expression)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      addSpecifier('import', node.argument.literal)
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) addSpecifier('dynamic-import', node.arguments[0])
      else if (isRequireLike(node)) addSpecifier('require', node.arguments[0])
      else {
        // Consecutive string arguments are one path: join(repoRoot, 'reference-nodes', 'kis', 'bin', 'spaceos-kis.mjs').
        let run: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[] = []
        const flush = () => {
          if (run.length > 1) {
            for (const part of run) seen.add(part)
            add('string', run[0] as ts.Node, run.map((part) => part.text).join('/'))
          }
          run = []
        }
        for (const argument of node.arguments) {
          if (isStringLike(argument)) run.push(argument)
          else flush()
        }
        flush()
      }
    } else if (isStringLike(node) && !seen.has(node)) {
      add('string', node, node.text)
    } else if (ts.isTemplateExpression(node)) {
      // `${repoRoot}/reference-nodes/kis/bin/spaceos-kis.mjs`: the literal parts, each substitution as `*`.
      add('string', node, node.head.text + node.templateSpans.map((span) => `*${span.literal.text}`).join(''))
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return references.sort((a, b) => a.line - b.line)
}
