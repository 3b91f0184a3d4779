import { doNotEditHeader, type GenerateStep } from '../context.ts'
import {
  parseParameters,
  renderAssemblyScript,
  renderMarkdown,
  renderSolidity,
  renderTypeScript,
} from '../parameters.ts'

const source = 'spec/parameters.yaml'

/** spec/parameters.yaml → TypeScript, Solidity and AssemblyScript constants, and the docs table. */
export const step: GenerateStep = {
  name: 'parameters',
  outputs: [
    'generated/src/parameters.ts',
    'generated/solidity/SpaceParameters.sol',
    'generated/assemblyscript/parameters.ts',
    'docs/parameters.md',
  ],
  async run({ read, write }) {
    const params = parseParameters(await read(source))
    await write('generated/src/parameters.ts', renderTypeScript(params, doNotEditHeader('parameters', [source])))
    await write(
      'generated/solidity/SpaceParameters.sol',
      renderSolidity(params, doNotEditHeader('parameters', [source])),
    )
    await write(
      'generated/assemblyscript/parameters.ts',
      renderAssemblyScript(params, doNotEditHeader('parameters', [source])),
    )
    await write('docs/parameters.md', renderMarkdown(params, doNotEditHeader('parameters', [source], 'html')))
  },
}
