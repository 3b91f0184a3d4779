import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ABI, Action, APIClient, Asset, Name, Serializer } from '@wharfkit/antelope'
import { describe, expect, it } from 'vitest'
import { type AbiJson, renderContractModule, renderRuntime } from './antelopeAbi.ts'

const fixtureText = () => readFile(new URL('../test/fixtures/token.abi', import.meta.url), 'utf8')
const fixture = async () => JSON.parse(await fixtureText()) as AbiJson
/** The raw ABI as wharfkit parses it, independent of the generator. */
const rawAbi = async () => ABI.from(JSON.parse(await fixtureText()))

/** Writes the runtime and the module for the fixture into a temp folder and imports it. */
async function load() {
  const dir = await mkdtemp(join(tmpdir(), 'antelope-codegen-'))
  await writeFile(join(dir, 'runtime.ts'), renderRuntime(''))
  await writeFile(join(dir, 'fixture.ts'), renderContractModule('fixture.tok', await fixture(), '', 'fixture.abi'))
  return import(join(dir, 'fixture.ts'))
}

describe('Antelope ABI → TypeScript', () => {
  it('emits input and decoded interfaces, optional and extension fields, bases, aliases and variants', async () => {
    const source = renderContractModule('fixture.tok', await fixture(), '', 'fixture.abi')
    expect(source).toContain('export interface CreateInput {\n  issuer: NameType')
    expect(source).toContain(
      'export interface Spec {\n  model: string\n  vram_mb: UInt32\n  prices: Price[]\n  note: string | null\n  region?: string\n}',
    )
    expect(source).toContain('  note?: string | null')
    expect(source).toContain('export interface SpecrowInput extends SpecInput {')
    expect(source).toContain('choice: ["uint32", UInt32] | ["string", string]')
    expect(source).toContain('export class FixtureTokContract extends ContractBase<Actions, Tables>')
  })

  it('builds actions whose bytes match what wharfkit serializes from the raw ABI', async () => {
    const mod = await load()
    const contract = new mod.FixtureTokContract()
    const auth = [{ actor: 'alice', permission: 'active' }]
    const data = {
      from: 'alice',
      to: 'bob',
      quantity: '1.5000 SPACE',
      memo: '0x00112233445566778899aabbccddeeff00112233',
    }
    const typed = contract.actions.transfer(data, auth)
    const raw = Action.from({ account: 'fixture.tok', name: 'transfer', authorization: auth, data }, await rawAbi())
    expect(typed.data.hexString).toBe(raw.data.hexString)
    expect(Serializer.encode({ object: typed }).hexString).toBe(Serializer.encode({ object: raw }).hexString)
    const spec = {
      model: 'rtx4090',
      vram_mb: 24576,
      prices: [{ model: 'llama-3.1-8b', per_mtok: 12 }],
      note: null,
      region: 'eu',
    }
    expect(contract.actions.setspec(spec, auth).data.hexString).toBe(
      Action.from({ account: 'fixture.tok', name: 'setspec', authorization: auth, data: spec }, await rawAbi()).data
        .hexString,
    )
  })

  it('rejects data that does not fit the ABI at build time', async () => {
    const mod = await load()
    const contract = new mod.FixtureTokContract()
    expect(() =>
      contract.actions.transfer({ from: 'alice', to: 'bob', quantity: 'not an asset', memo: '' }, []),
    ).toThrow()
  })

  it('queries a table over HTTP and decodes its rows with the ABI', async () => {
    const mod = await load()
    const { createServer } = await import('node:http')
    let seen: Record<string, unknown> = {}
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        seen = JSON.parse(body)
        res.end(JSON.stringify({ rows: [{ balance: '12.3456 SPACE' }], more: true, next_key: 'abc' }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as { port: number }
    try {
      const contract = new mod.FixtureTokContract({ client: new APIClient({ url: `http://127.0.0.1:${port}` }) })
      const page = await contract.tables.accounts({ scope: 'alice', limit: 5, lowerBound: 1n })
      expect(seen).toMatchObject({
        code: 'fixture.tok',
        table: 'accounts',
        scope: 'alice',
        limit: 5,
        lower_bound: '1',
        json: true,
      })
      expect(page.more).toBe(true)
      expect(page.nextKey).toBe('abc')
      expect(page.rows[0].balance).toBeInstanceOf(Asset)
      expect(String(page.rows[0].balance)).toBe('12.3456 SPACE')
      expect(Name.from(contract.account).toString()).toBe('fixture.tok')
    } finally {
      server.close()
    }
  })

  it('refuses a table query without an API client, naming the fix', async () => {
    const mod = await load()
    await expect(new mod.FixtureTokContract().tables.stat()).rejects.toThrow(/pass \{ client \}/)
  })

  it('fails on an ABI type it does not know', async () => {
    const abi = await fixture()
    abi.structs![0]!.fields[0]!.type = 'mystery'
    expect(() => renderContractModule('x', abi, '', 'x.abi')).toThrow(/unknown ABI type "mystery"/)
  })
})
