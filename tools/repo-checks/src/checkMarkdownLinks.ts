import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { Nodes } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import { visit } from 'unist-util-visit'
import { walkFiles } from './walkFiles.ts'

/** A Markdown link (or text) that does not stand on its own inside the repository. */
export type LinkProblem = {
  /** Posix path relative to the repository root. */
  file: string
  line: number
  /** The link's URL, or the machine path as written. */
  target: string
  problem: 'missing' | 'outside-repository' | 'absolute-path' | 'machine-path'
}

/** Options of {@link checkMarkdownLinks}. */
export type CheckMarkdownLinksOptions = {
  /** The repository root. */
  root: string
  /** Paths relative to `root` left out, e.g. fixtures. Default none. */
  ignore?: readonly string[]
}

/**
 * Paths of one machine or of the workspace around the repository: a home or work folder, or the sibling `shared/`
 * folder the repository was written next to. Text (code spans included) must not name them either.
 */
const machinePath = /(?<![\w.-])(\/work\/|\/home\/|\/Users\/|\/root\/|[A-Z]:\\|(?:\.\.\/)+shared\/)[^\s`'")\]]*/g

const externalScheme = /^[a-z][a-z\d+.-]*:/i

/** Where a link goes: an external URL or an in-page anchor are not this check's business. */
function problemOf(root: string, file: string, url: string): LinkProblem['problem'] | undefined {
  if (url === '' || url.startsWith('#')) return undefined
  if (url.startsWith('file:')) return 'machine-path'
  if (externalScheme.test(url) || url.startsWith('//')) return undefined
  if (url.startsWith('/') || isAbsolute(url)) return 'absolute-path'
  const path = decodeURIComponent(url.replace(/[?#].*$/, ''))
  const target = resolve(root, dirname(file), path)
  const fromRoot = relative(root, target)
  if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) return 'outside-repository'
  return existsSync(target) ? undefined : 'missing'
}

/** The relative links, images and link definitions of one Markdown file that do not resolve inside the repository. */
function checkLinks(root: string, file: string, text: string, problems: LinkProblem[]): void {
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
  visit(tree, (node: Nodes) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return
    const problem = problemOf(root, file, node.url)
    if (problem !== undefined) problems.push({ file, line: node.position?.start.line ?? 0, target: node.url, problem })
  })
}

/**
 * Checks every Markdown file of the repository: each relative link, image and link definition resolves to a file or
 * folder inside the repository, and no link is an absolute or `file:` path. The text of every Markdown and YAML file
 * (code spans and comments included) names no machine path (`/work/…`, `/home/…`) and not the `../shared/` folder of
 * the workspace the repository was written in. External `http(s):` links are not fetched.
 *
 * @example
 * import { checkMarkdownLinks } from '@spaceos/repo-checks'
 * for (const p of checkMarkdownLinks({ root: process.cwd() })) console.error(`${p.file}:${p.line} ${p.problem} ${p.target}`)
 */
export function checkMarkdownLinks(options: CheckMarkdownLinksOptions): LinkProblem[] {
  const problems: LinkProblem[] = []
  const files = walkFiles({
    root: options.root,
    extensions: ['.md', '.yaml', '.yml'],
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
  })
  for (const file of files) {
    const text = readFileSync(join(options.root, file), 'utf8')
    if (file.endsWith('.md')) checkLinks(options.root, file, text, problems)
    text.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(machinePath)) {
        problems.push({ file, line: index + 1, target: match[0], problem: 'machine-path' })
      }
    })
  }
  return problems
}
