// spec/capabilities.json (the capability catalogue of spec/AGENT.md §4) is part of the specification: it must be
// well formed and agree with the catalogue table of spec/AGENT.md.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'

const specDir = join(import.meta.dirname, '..', '..', 'spec')
const schema = z.object({ type: z.literal('object'), properties: z.record(z.string(), z.unknown()) }).loose()
const entry = z
  .object({
    name: z.string().regex(/^(?=.{1,64}$)[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/),
    family: z.string(),
    description: z.string().min(1),
    effect: z.enum(['read', 'write', 'external_action', 'spend']),
    sensitive: z.boolean(),
    scopes: z.array(z.string().regex(/^(anonymous|residential_ip|user_authenticated|geolocated\(CC\))$/)).min(1),
    min_tier: z.enum(['runtime', 'special', 'shizuku', 'device_owner', 'root']),
    via: z.array(z.enum(['tool_request', 'tool_invoke', 'job'])).min(1),
    arguments: schema,
    output: schema,
  })
  .strict()
const catalogue = z
  .object({ $comment: z.string(), $schema_dialect: z.string(), capabilities: z.array(entry) })
  .parse(JSON.parse(readFileSync(join(specDir, 'capabilities.json'), 'utf8')))

describe('spec/capabilities.json', () => {
  it('names every capability once', () => {
    const names = catalogue.capabilities.map((c) => c.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('marks every external_action and spend tool sensitive, and sensitive tools callable as jobs [NP-AGENT-074]', () => {
    for (const c of catalogue.capabilities) {
      if (c.effect === 'external_action' || c.effect === 'spend') expect(c.sensitive, c.name).toBe(true)
      if (c.sensitive) expect(c.via, c.name).toContain('job')
    }
  })

  it('lists exactly the names of the catalogue table of spec/AGENT.md §4', () => {
    const agent = readFileSync(join(specDir, 'AGENT.md'), 'utf8')
    const section = agent.slice(agent.indexOf('## 4. The capability catalogue'), agent.indexOf('Effect classes:'))
    const tableNames = new Set([...section.matchAll(/`([a-z][a-z0-9_.]*)`/g)].map((m) => m[1]))
    for (const notATool of ['agent.turn', 'peer.rpc', 'endpoint']) tableNames.delete(notATool)
    expect([...tableNames].sort()).toEqual(catalogue.capabilities.map((c) => c.name).sort())
  })
})
