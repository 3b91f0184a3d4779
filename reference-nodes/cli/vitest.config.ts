import { spaceosProject } from '../../vitest.shared.ts'

// The devnet needs the compiled Antelope contracts: `npm run build` (CI) or `npm start` compiles them (cached).
export default spaceosProject('cli', { test: { testTimeout: 240_000, hookTimeout: 240_000 } })
