import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from './context.ts'
import { bufBin } from './steps/20-proto.ts'

const run = promisify(execFile)
const envelopeProto = 'proto/spaceos/wire/v1/envelope.proto'

/** Runs the same command as `npm run proto:breaking` inside `cwd` (a copy of the repository's proto/ folder). */
async function breaking(cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(
      bufBin(repoRoot),
      ['breaking', 'proto', '--against', 'proto/baseline/v1.binpb', '--exclude-path', 'proto/spaceos/conformance'],
      { cwd },
    )
    return { ok: true, output: stdout + stderr }
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    return { ok: false, output: stdout + stderr }
  }
}

describe('buf breaking against proto/baseline/v1.binpb', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })

  async function copyOfProto(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'spaceos-proto-'))
    dirs.push(dir)
    await cp(join(repoRoot, 'proto'), join(dir, 'proto'), { recursive: true })
    return dir
  }

  it('passes on the unmodified schemas', async () => {
    const dir = await copyOfProto()
    const result = await breaking(dir)
    expect(result.output).toBe('')
    expect(result.ok).toBe(true)
  })

  it('fails when a field is removed from Envelope, naming the field', async () => {
    const dir = await copyOfProto()
    const file = join(dir, envelopeProto)
    const source = await readFile(file, 'utf8')
    const edited = source.replace(/^ {2}uint64 ts_ms = 3;\n/m, '')
    expect(edited).not.toBe(source)
    await writeFile(file, edited)
    const result = await breaking(dir)
    expect(result.ok).toBe(false)
    expect(result.output).toMatch(/field "3" with name "ts_ms" on message "Envelope" was deleted/)
  })

  it('fails when a message is removed', async () => {
    const dir = await copyOfProto()
    const file = join(dir, 'proto/spaceos/wire/v1/session.proto')
    const source = await readFile(file, 'utf8')
    const edited = source
      .replace(/\/\/ What a node is running now\.\nmessage Load \{[^}]*\}\n/, '')
      .replace(/^ {2}\/\/ What the node is running\.\n {2}Load load = 2;\n/m, '')
    expect(edited).not.toBe(source)
    await writeFile(file, edited)
    const result = await breaking(dir)
    expect(result.ok).toBe(false)
    expect(result.output).toMatch(/message "Load" was deleted/)
  })
})
