import { parseArgs } from 'node:util'
import { createContext } from './context.ts'
import { loadSteps } from './steps.ts'

/** `npm run generate [-- --only <step>]`: regenerates everything under generated/ (and the other generated files). */
async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } })
  const steps = await loadSteps()
  const selected = values.only ? steps.filter((s) => values.only?.includes(s.name)) : steps
  if (values.only && selected.length !== values.only.length) {
    throw new Error(`unknown step in --only ${values.only.join(',')}; steps: ${steps.map((s) => s.name).join(', ')}`)
  }
  const context = createContext()
  for (const step of selected) {
    const started = performance.now()
    await step.run(context)
    console.log(`generate: ${step.name} (${Math.round(performance.now() - started)} ms)`)
  }
}

await main()
