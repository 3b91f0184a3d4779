import { readFileSync } from 'node:fs'
import { ABI, Action, Serializer } from '@wharfkit/antelope'
import { describe, expect, it } from 'vitest'
import * as sdk from '../src/index.ts'
import { bridgeMemo, createChainClient, formatSpace, parseBridgeMemo, parseSpace } from '../src/index.ts'

const committedAbi = (account: string) =>
  ABI.from(JSON.parse(readFileSync(new URL(`../../../abi/antelope/${account}.abi`, import.meta.url), 'utf8')))

const alice = [{ actor: 'alice', permission: 'active' }]

describe('typed contract clients', () => {
  it('build a transfer whose serialized bytes equal what wharfkit makes from the raw committed ABI', () => {
    const { contracts } = createChainClient({ url: 'http://127.0.0.1:1' })
    const data = {
      from: 'alice',
      to: 'eosio.evm',
      quantity: formatSpace(12_345n),
      memo: bridgeMemo(`0x${'ab'.repeat(20)}`),
    }
    const typed = contracts.token.actions.transfer(data, alice)
    const raw = Action.from(
      { account: 'eosio.token', name: 'transfer', authorization: alice, data },
      committedAbi('eosio.token'),
    )
    expect(Serializer.encode({ object: typed }).hexString).toBe(Serializer.encode({ object: raw }).hexString)
    expect(String(typed.account)).toBe('eosio.token')
  })

  it('build a gpuheartbeat whose serialized bytes equal what wharfkit makes from the raw committed ABI', () => {
    const { contracts } = createChainClient({ url: 'http://127.0.0.1:1' })
    const data = {
      owner: 'provider1',
      device: 'gpu1',
      gpu_model: 'RTX 4090',
      vram_mb: 24_576,
      cuda_cores: 16_384,
      tflops_milli: 82_600,
      models: [{ model: 'llama-3.1-8b', price: '0.0012 SPACE' }],
      endpoint: 'http://10.100.0.7:8080',
      region: 'eu-west',
    }
    const auth = [{ actor: 'provider1', permission: 'active' }]
    const typed = contracts.providers.actions.gpuheartbeat(data, auth)
    const raw = Action.from(
      { account: 'spaceos.prov', name: 'gpuheartbeat', authorization: auth, data },
      committedAbi('spaceos.prov'),
    )
    expect(Serializer.encode({ object: typed }).hexString).toBe(Serializer.encode({ object: raw }).hexString)
  })

  it('seed the ABI cache with the committed ABIs so no chain round trip is needed', async () => {
    const { abiCache } = createChainClient({ url: 'http://127.0.0.1:1' })
    const abi = await abiCache.getAbi('eosio.token')
    expect(abi.actions.map((a) => String(a.name))).toContain('transfer')
  })
})

describe('SPACE assets', () => {
  it('parse and format the 4-decimal SPACE asset', () => {
    expect(parseSpace('1.0000 SPACE')).toBe(10_000n)
    expect(formatSpace(12_345n)).toBe('1.2345 SPACE')
    expect(formatSpace(parseSpace('1000000000.0000 SPACE'))).toBe('1000000000.0000 SPACE')
  })

  it.each([
    ['1.5 SPACE', /precision|decimals|SPACE/],
    ['1.0000 SPAC', /symbol|SPACE/],
    ['-1.0000 SPACE', /0 and the maximum supply|negative|asset/],
    ['1000000000.0001 SPACE', /maximum supply/],
    ['one SPACE', /asset/],
  ])('rejects %s with a typed error', (text, message) => {
    expect(() => parseSpace(text)).toThrow(message)
    try {
      parseSpace(text)
    } catch (error) {
      expect((error as { code?: string }).code).toMatch(/^UNITS_/)
    }
  })
})

describe('bridge memos', () => {
  it('writes and reads 0x + 20-byte addresses', () => {
    const address = '0x8Ba1f109551bD432803012645Ac136ddd64DBA72'
    expect(bridgeMemo(address)).toBe(address.toLowerCase())
    expect(parseBridgeMemo(bridgeMemo(address))).toBe(address.toLowerCase())
  })

  it.each([
    '',
    '8ba1f109551bd432803012645ac136ddd64dba72',
    '0x1234',
    `0x${'g'.repeat(40)}`,
    `0x${'a'.repeat(42)}`,
    ` 0x${'a'.repeat(40)}`,
  ])('rejects memo %j with BridgeMemoInvalidError', (memo) => {
    expect(() => parseBridgeMemo(memo)).toThrow(sdk.BridgeMemoInvalidError)
  })
})

describe('public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(sdk).sort()).toMatchSnapshot()
  })
})
