import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Options of {@link walkFiles}. */
export type WalkFilesOptions = {
  /** The folder to walk (a repository root). */
  root: string
  /** File name endings to keep, e.g. `['.ts', '.md']`. */
  extensions: readonly string[]
  /** Paths relative to `root` (posix) whose files are left out, e.g. a folder of fixtures. Default none. */
  ignore?: readonly string[]
}

/** Folders that hold installed, built or cached files, never sources. */
const skippedFolders = new Set([
  '.cache',
  '.git',
  '.spaceos',
  '.vitest-reports',
  'broadcast',
  'cache',
  'coverage',
  'dist',
  'node_modules',
  'out',
  'target',
])

/**
 * The files under `root` whose names end in one of `extensions`, as sorted posix paths relative to `root`; installed,
 * built and cached folders (`node_modules`, `dist`, `.cache` …) are skipped.
 *
 * @example
 * import { walkFiles } from '@spaceos/repo-checks'
 * const markdown = walkFiles({ root: process.cwd(), extensions: ['.md'] })
 */
export function walkFiles(options: WalkFilesOptions): string[] {
  const ignore = options.ignore ?? []
  const ignored = (path: string) => ignore.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
  const found: string[] = []
  const visit = (relativeDir: string) => {
    const entries = readdirSync(join(options.root, relativeDir), { withFileTypes: true })
    for (const entry of entries) {
      const path = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`
      if (ignored(path)) continue
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) visit(path)
      } else if (entry.isFile() && options.extensions.some((ext) => entry.name.endsWith(ext))) {
        found.push(path)
      }
    }
  }
  visit('')
  return found.sort()
}
