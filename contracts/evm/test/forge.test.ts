import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The forge binary npm installed (hoisted by workspaces, or local to this package). */
function forgeBin(): string {
  for (const dir of [
    join(projectRoot, 'node_modules', '.bin'),
    join(projectRoot, '..', '..', 'node_modules', '.bin'),
  ]) {
    const candidate = join(dir, 'forge')
    if (existsSync(candidate)) return candidate
  }
  throw new Error('forge not found: run `npm ci` at the repository root (@foundry-rs/forge is a devDependency)')
}

/** Runs forge with the given arguments; resolves with its exit code and combined output. */
function runForge(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(forgeBin(), [...args], {
      cwd: projectRoot,
      env: { ...process.env, FOUNDRY_PROFILE: process.env.FOUNDRY_PROFILE ?? 'default', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('forge test (Solidity unit, fuzz and invariant tests)', () => {
  it('passes every Solidity test in contracts/evm under the FOUNDRY_PROFILE profile', async () => {
    const { code, output } = await runForge(['test'])
    if (code !== 0) expect.fail(`forge test exited with ${code}:\n${output}`)
    expect(output, output).toMatch(/\d+ tests? passed, 0 failed/)
  })
})
