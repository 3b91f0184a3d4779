import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultVectorsDir, getSuite, loadRequirements, loadVectors, suiteRoles } from '../src/index.ts'
import { buildGoldenVectors, renderVectorFile } from '../src/vectors/buildVectors.ts'
import { deriveDevKey, devKeySeedString } from '../src/vectors/devKey.ts'
import { repoRoot } from './helpers.ts'

const vectorsDir = join(repoRoot, 'spec', 'vectors', 'codec')
const requirementsPath = join(repoRoot, 'spec', 'requirements.json')

describe('golden vectors', () => {
  it('are committed exactly as conformance/scripts/make-vectors.ts builds them (run npm run vectors:make)', () => {
    const { files, devKey } = buildGoldenVectors()
    expect(readdirSync(vectorsDir).sort()).toEqual(files.map((f) => f.name).sort())
    for (const file of files) {
      expect(readFileSync(join(vectorsDir, file.name), 'utf8'), file.name).toBe(renderVectorFile(file))
    }
    expect(JSON.parse(readFileSync(join(repoRoot, 'spec', 'vectors', 'dev-key.json'), 'utf8'))).toEqual(devKey)
  })

  it('are found by the suite and parse with unique ids', () => {
    expect(defaultVectorsDir()).toBe(vectorsDir)
    const vectors = loadVectors(vectorsDir)
    expect(new Set(vectors.map((v) => v.id)).size).toBe(vectors.length)
    expect(vectors.filter((v) => 'error' in v.expect).length).toBeGreaterThanOrEqual(25)
  })

  it('derive the test-only dev key from its public seed string', () => {
    const key = deriveDevKey(devKeySeedString)
    expect(Buffer.from(key.seed).toString('hex')).toBe(
      createHash('sha256').update(devKeySeedString, 'utf8').digest('hex'),
    )
    expect(key.deviceId).toBe(createHash('sha256').update(key.publicKey).digest('hex'))
    expect(devKeySeedString).toMatch(/TEST-ONLY/)
  })

  it.skipIf(!existsSync(requirementsPath))(
    'cite only requirement IDs that spec/requirements.json defines',
    async () => {
      const known = new Set((await loadRequirements(requirementsPath)).map((r) => r.id))
      const cited = [...suiteRoles()].flatMap((role) =>
        getSuite(role).cases.flatMap((c) => c.requirements.map((id) => `${c.id} → ${id}`)),
      )
      expect(cited.filter((entry) => !known.has(entry.split(' → ')[1] ?? ''))).toEqual([])
    },
  )
})
