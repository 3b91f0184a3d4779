import { readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GenerateStep } from './context.ts'

/**
 * Every file in `src/steps/` that is not a test exports `step: GenerateStep`. Steps run in file-name order
 * (`10-parameters.ts`, `20-proto.ts` …), so a step may read what an earlier one wrote.
 */
export async function loadSteps(): Promise<GenerateStep[]> {
  const folder = join(dirname(fileURLToPath(import.meta.url)), 'steps')
  const files = (await readdir(folder)).filter((f) => f.endsWith('.ts') && !f.includes('.test.')).sort()
  const steps: GenerateStep[] = []
  for (const file of files) {
    const module = (await import(join(folder, file))) as { step?: GenerateStep }
    if (!module.step) throw new Error(`src/steps/${file} does not export \`step\``)
    steps.push(module.step)
  }
  return steps
}
