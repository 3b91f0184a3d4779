import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type AbiJson, renderContractModule, renderIndex, renderRuntime, roleKey } from '../antelopeAbi.ts'
import { doNotEditHeader, type GenerateStep } from '../context.ts'
import { parseParameters } from '../parameters.ts'

/** abi/antelope/<account>.abi → generated/src/antelope/<account>.ts (typed structs, actions, tables, client). */
export const step: GenerateStep = {
  name: 'antelope',
  outputs: ['generated/src/antelope'],
  async run({ root, read, write }) {
    const files = (await readdir(join(root, 'abi/antelope')).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.abi'))
      .sort()
    await write(
      'generated/src/antelope/runtime.ts',
      renderRuntime(doNotEditHeader('antelope', ['sdk/codegen/src/antelopeAbi.ts'])),
    )
    for (const file of files) {
      const account = file.slice(0, -'.abi'.length)
      const abiPath = `abi/antelope/${file}`
      const abi = JSON.parse(await read(abiPath)) as AbiJson
      await write(
        `generated/src/antelope/${account}.ts`,
        renderContractModule(account, abi, doNotEditHeader('antelope', [abiPath]), abiPath),
      )
    }
    const roles = new Map(
      parseParameters(await read('spec/parameters.yaml'))
        .filter((p) => p.name.startsWith('ACCOUNT_') && typeof p.value === 'string')
        .map((p) => [String(p.value), roleKey(p.name)]),
    )
    const accounts = files.map((f) => f.slice(0, -'.abi'.length))
    const sources = ['abi/antelope/*.abi', 'spec/parameters.yaml']
    await write('generated/src/antelope/index.ts', renderIndex(accounts, roles, doNotEditHeader('antelope', sources)))
  },
}
