import type { TestProject } from 'vitest/node'
import { startAnvil } from '../src/anvil.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    anvilUrl: string
  }
}

/** One real anvil (chain 800000, paris, 150 gwei) for the whole @spaceos/evm test run, stopped afterwards. */
export default async function setup(project: TestProject) {
  const anvil = await startAnvil()
  project.provide('anvilUrl', anvil.url)
  return () => anvil.stop()
}
