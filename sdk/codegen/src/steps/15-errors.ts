import { doNotEditHeader, type GenerateStep } from '../context.ts'
import { parseErrorTable, renderErrorTable } from '../errorTable.ts'

const source = 'spec/ERRORS.md'

/** spec/ERRORS.md §1 → `generated/src/errors.ts`: each code's HTTP status, Connect code and WebSocket close code. */
export const step: GenerateStep = {
  name: 'errors',
  outputs: ['generated/src/errors.ts'],
  async run({ read, write }) {
    const rows = parseErrorTable(await read(source))
    await write('generated/src/errors.ts', renderErrorTable(rows, doNotEditHeader('errors', [source])))
  },
}
