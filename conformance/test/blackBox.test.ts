import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { suiteFactories } from '../src/index.ts'

const packageRoot = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|mts|mjs|js)$/.test(name) ? [path] : []
  })
}

describe('the runner stays black-box', () => {
  it('imports no reference node from src/, impl/, bin/ or scripts/', () => {
    const offenders: string[] = []
    for (const dir of ['src', 'impl', 'bin', 'scripts']) {
      for (const file of sourceFiles(join(packageRoot, dir))) {
        const text = readFileSync(file, 'utf8')
        // Any import/require/dynamic import whose specifier mentions reference-nodes (by path or package name).
        const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)]
        for (const match of specifiers) {
          const specifier = match[1] ?? ''
          if (
            /reference-nodes|@spaceos\/(identity|coordinator|inference|compute|storage|relay|chain|kis|router|client)-?node/.test(
              specifier,
            )
          ) {
            offenders.push(`${relative(packageRoot, file)} imports ${specifier}`)
          }
        }
      }
    }
    expect(offenders).toEqual([])
  })

  it('registers every suite folder under src/suites in suiteFactories', () => {
    const folders = readdirSync(join(packageRoot, 'src', 'suites')).filter((name) =>
      statSync(join(packageRoot, 'src', 'suites', name)).isDirectory(),
    )
    expect(folders.sort()).toEqual(Object.keys(suiteFactories).sort())
  })
})
