import { execFileSync } from 'node:child_process'
import { createContext, repoRoot } from './context.ts'
import { loadSteps } from './steps.ts'

/**
 * `npm run check:generated`: regenerates every step and fails when the result differs from what git has committed
 * (modified, deleted or new files under any step's outputs).
 */
async function main() {
  const steps = await loadSteps()
  const context = createContext()
  for (const step of steps) await step.run(context)
  const outputs = steps.flatMap((s) => s.outputs)
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...outputs], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  if (status.trim()) {
    console.error(`check:generated: generated files differ from the committed ones:\n${status}`)
    console.error(execFileSync('git', ['diff', '--stat', '--', ...outputs], { cwd: repoRoot, encoding: 'utf8' }))
    console.error('Run `npm run generate` and commit the result; never edit generated files by hand.')
    process.exit(1)
  }
  console.log(`check:generated: ${steps.length} steps, no drift`)
}

await main()
