import { describe, expectTypeOf, it } from 'vitest'
import { createChainClient } from '../src/index.ts'

const { contracts } = createChainClient({ url: 'http://127.0.0.1:8888' })
const auth = [{ actor: 'alice', permission: 'active' }]

describe('typed actions', () => {
  it('accept the ABI fields and reject a misspelled one at compile time', () => {
    contracts.token.actions.transfer({ from: 'alice', to: 'bob', quantity: '1.0000 SPACE', memo: '' }, auth)
    // @ts-expect-error — `form` is not a field of eosio.token::transfer
    contracts.token.actions.transfer({ form: 'alice', to: 'bob', quantity: '1.0000 SPACE', memo: '' }, auth)
    // @ts-expect-error — `memo` is required
    contracts.token.actions.transfer({ from: 'alice', to: 'bob', quantity: '1.0000 SPACE' }, auth)
    // @ts-expect-error — there is no action `transfr`
    contracts.token.actions.transfr
  })

  it('decode table rows into wharfkit types', () => {
    type Row = Awaited<ReturnType<typeof contracts.token.tables.accounts>>['rows'][number]
    expectTypeOf<Row['balance']>().toEqualTypeOf<import('@wharfkit/antelope').Asset>()
  })
})

describe('typed heartbeat', () => {
  it('rejects a misspelled gpuheartbeat field at compile time', () => {
    const base = {
      owner: 'p',
      device: 'd',
      gpu_model: 'm',
      vram_mb: 1,
      cuda_cores: 1,
      tflops_milli: 1,
      models: [],
      endpoint: 'e',
      region: 'r',
    }
    contracts.providers.actions.gpuheartbeat(base, auth)
    // @ts-expect-error — `vram_gb` is not a field of spaceos.prov::gpuheartbeat
    contracts.providers.actions.gpuheartbeat({ ...base, vram_mb: undefined, vram_gb: 24 }, auth)
  })
})
