import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { GenerateStep } from '../context.ts'
import { renderEvm } from '../evmCodegen.ts'

/**
 * abi/evm/*.json (+ bytecode/*.hex) → generated/src/evm: typed `as const` viem ABIs (@wagmi/cli, `abis.ts`), the creation
 * bytecode (`bytecode.ts`), the contract list (`contracts.ts`) and ethers-v6 types and factories (TypeChain,
 * `typechain/`). The folder is rewritten from scratch so a removed contract leaves no file behind.
 */
export const step: GenerateStep = {
  name: 'evm',
  outputs: ['generated/src/evm'],
  async run({ root, write }) {
    const files = await renderEvm({ root, abiDir: 'abi/evm', outDir: 'generated/src/evm', step: 'evm' })
    await rm(join(root, 'generated/src/evm'), { recursive: true, force: true })
    for (const [path, contents] of files) await write(path, contents)
  },
}
