import type { Account, Blockchain } from '@proton/vert'
import { ACCOUNT_BRIDGE, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { toEvmUnits } from '@spaceos/units'
import { beforeEach, describe, expect, it } from 'vitest'
import { asset, genesisToken, space } from './fixtures.ts'
import { balance, createChain, deploy, expectFailure, rows, send } from './vert.ts'

let bc: Blockchain
let token: Account
let brdg: Account

/** The EIP-55 specification's own example address (valid mixed-case checksum). */
const EVM_USER = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
const MSG = (b: string) => b.repeat(64 / b.length)
const usd = (u: number | bigint) => asset(u, 'USD', 4)
const usdt = (u: number | bigint) => asset(u, 'USDT', 4)

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts('alice', 'bob', 'relayer')
  token = await genesisToken(bc)
  for (const sym of ['USD', 'USDT', 'EUR']) {
    await send(token, 'create', { issuer: 'eosio', maximum_supply: asset(10n ** 15n, sym, 4) }, ACCOUNT_TOKEN)
    await send(token, 'issue', { to: 'eosio', quantity: asset(10n ** 12n, sym, 4), memo: '' }, 'eosio')
    await send(token, 'transfer', { from: 'eosio', to: 'alice', quantity: asset(10n ** 9n, sym, 4), memo: '' }, 'eosio')
  }
  await send(token, 'transfer', { from: 'eosio', to: 'alice', quantity: space(10n ** 9n), memo: '' }, 'eosio')
  brdg = deploy(bc, ACCOUNT_BRIDGE)
  const set = (symbol: string, evm_decimals: number, evm_token: string) =>
    send(brdg, 'settoken', { symbol, contract: ACCOUNT_TOKEN, evm_decimals, evm_token, enabled: true }, ACCOUNT_BRIDGE)
  await set('4,SPACE', 18, 'native')
  await set('4,USD', 18, '0x1111111111111111111111111111111111111111')
  await set('4,USDT', 6, '0x2222222222222222222222222222222222222222')
  await send(brdg, 'setauth', { authority: 'relayer' }, ACCOUNT_BRIDGE)
})

const deposit = (quantity: string, memo = EVM_USER, from = 'alice') =>
  send(token, 'transfer', { from, to: ACCOUNT_BRIDGE, quantity, memo }, from)
const tokenRow = (code: string) => rows(brdg, 'tokens').find((r) => String(r.symbol).endsWith(`,${code}`))
const release = (msg_id: string, quantity: string, evm_amount: bigint | string, auth = 'relayer', to = 'bob') =>
  send(brdg, 'release', { msg_id, to, quantity, evm_amount: evm_amount.toString(), memo: 'from EVM' }, auth)

describe('spaceos.brdg native → EVM', () => {
  it('locks SPACE sent with a 0x memo and records a pending gas-token credit ×10^14', async () => {
    await deposit(space(12_345))
    expect(rows(brdg, 'deposits')).toEqual([
      {
        id: 1,
        from: 'alice',
        evm_to: EVM_USER.toLowerCase(),
        quantity: space(12_345),
        evm_amount: toEvmUnits(12_345n, 'SPACE').toString(),
        evm_decimals: 18,
        created_at: expect.any(Number),
        minted: false,
        evm_tx: '',
      },
    ])
    expect(tokenRow('SPACE')?.locked).toBe(space(12_345))
    expect(balance(token, ACCOUNT_BRIDGE)).toBe(space(12_345))
  })

  it('converts USD 4 → 18 and legacy USDT 4 → 6 decimals exactly as @spaceos/units does', async () => {
    await deposit(usd(1))
    await deposit(usdt(987_654_321))
    const [d1, d2] = rows(brdg, 'deposits')
    expect(String(d1?.evm_amount)).toBe(toEvmUnits(1n, 'USD').toString())
    expect(String(d2?.evm_amount)).toBe(toEvmUnits(987_654_321n, 'USDT').toString())
    expect(d2?.evm_decimals).toBe(6)
  })

  it('rejects malformed memos and changes no table', async () => {
    const bad = 'brdg: memo must be the EVM address: 0x followed by 40 hex characters'
    await expectFailure(bc, deposit(space(1), ''), bad)
    await expectFailure(bc, deposit(space(1), '0x1234'), bad)
    await expectFailure(bc, deposit(space(1), `0x${'g'.repeat(40)}`), bad)
    await expectFailure(bc, deposit(space(1), `1x${'a'.repeat(40)}`), bad)
    await expectFailure(bc, deposit(space(1), `${EVM_USER} `), bad)
    await expectFailure(bc, deposit(space(1), `0x${'0'.repeat(40)}`), 'brdg: EVM address must not be zero')
  })

  it('accepts lower-case, upper-case and valid EIP-55 addresses and rejects a bad checksum [NP-BRDG-013] [NP-BRDG-014]', async () => {
    await deposit(space(1), EVM_USER.toLowerCase())
    await deposit(space(1), `0x${EVM_USER.slice(2).toUpperCase()}`)
    await deposit(space(1), '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359')
    expect(rows(brdg, 'deposits').map((d) => d.evm_to)).toEqual([
      EVM_USER.toLowerCase(),
      EVM_USER.toLowerCase(),
      '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359',
    ])
    const flipped = `0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed`
    await expectFailure(bc, deposit(space(1), flipped), 'brdg: memo EVM address has a bad EIP-55 checksum')
  })

  it('rejects tokens that are not bridged, disabled, or from another contract', async () => {
    await expectFailure(bc, deposit(asset(1, 'EUR', 4)), 'brdg: token is not bridged: 4,EUR')
    await send(
      brdg,
      'settoken',
      { symbol: '4,USD', contract: ACCOUNT_TOKEN, evm_decimals: 18, evm_token: '0x11', enabled: false },
      ACCOUNT_BRIDGE,
    )
    await expectFailure(bc, deposit(usd(1)), 'brdg: bridging of this token is disabled')
    const fake = deploy(bc, ACCOUNT_TOKEN, 'fake.token')
    await send(fake, 'create', { issuer: 'alice', maximum_supply: space(10n ** 12n) }, 'fake.token')
    await send(fake, 'issue', { to: 'alice', quantity: space(100), memo: '' }, 'alice')
    await expectFailure(
      bc,
      send(fake, 'transfer', { from: 'alice', to: ACCOUNT_BRIDGE, quantity: space(100), memo: EVM_USER }, 'alice'),
      'brdg: token must come from its registered contract',
    )
  })

  it('lets only the authority acknowledge a mint, once', async () => {
    await deposit(space(1))
    const done = (auth: string, id = 1) => send(brdg, 'mintdone', { id, evm_tx: '0xfeed' }, auth)
    await expectFailure(bc, done('alice'), 'missing required authority relayer')
    await expectFailure(bc, done('relayer', 9), 'brdg: deposit does not exist')
    await done('relayer')
    expect(rows(brdg, 'deposits')[0]).toMatchObject({ minted: true, evm_tx: '0xfeed' })
    await expectFailure(bc, done('relayer'), 'brdg: deposit already marked minted')
  })
})

describe('spaceos.brdg EVM → native', () => {
  beforeEach(async () => {
    await deposit(usdt(50_000))
    await deposit(space(70_000))
  })

  it('releases locked tokens once per EVM message ID', async () => {
    await release(MSG('ab'), usdt(20_000), toEvmUnits(20_000n, 'USDT'))
    expect(balance(token, 'bob', 'USDT')).toBe(usdt(20_000))
    expect(tokenRow('USDT')?.locked).toBe(usdt(30_000))
    expect(rows(brdg, 'releases')).toEqual([
      {
        id: 1,
        msg_id: MSG('ab'),
        to: 'bob',
        quantity: usdt(20_000),
        evm_amount: Number(toEvmUnits(20_000n, 'USDT')),
        released_at: expect.any(Number),
      },
    ])
    await expectFailure(
      bc,
      release(MSG('ab'), usdt(1), toEvmUnits(1n, 'USDT')),
      'brdg: bridge message already processed',
    )
    // an ID sharing the first 8 bytes is a different message
    await release(`${'ab'.repeat(8)}${'cd'.repeat(24)}`, space(1), toEvmUnits(1n, 'SPACE'))
    expect(rows(brdg, 'releases')).toHaveLength(2)
  })

  it('accepts only whole native units that match the EVM amount exactly', async () => {
    await expectFailure(
      bc,
      release(MSG('01'), space(1), toEvmUnits(1n, 'SPACE') + 1n),
      'brdg: evm_amount is not a whole number of native units',
    )
    await expectFailure(
      bc,
      release(MSG('01'), space(1), toEvmUnits(2n, 'SPACE')),
      'brdg: evm_amount does not equal quantity × 10^(evm decimals − 4)',
    )
    await expectFailure(bc, release(MSG('01'), usdt(1), 101n), 'brdg: evm_amount is not a whole number of native units')
  })

  it('rejects releases by others, past the locked amount, of unknown tokens, or to missing accounts', async () => {
    await expectFailure(bc, release(MSG('02'), usdt(1), 100n, 'alice'), 'missing required authority relayer')
    await expectFailure(
      bc,
      release(MSG('02'), usdt(50_001), toEvmUnits(50_001n, 'USDT')),
      'brdg: release exceeds the locked amount',
    )
    await expectFailure(
      bc,
      release(MSG('02'), usd(1), toEvmUnits(1n, 'USD')),
      'brdg: release exceeds the locked amount',
    )
    await expectFailure(bc, release(MSG('02'), asset(1, 'EUR', 4), 100n), 'brdg: token is not bridged: 4,EUR')
    await expectFailure(bc, release(MSG('02'), usdt(0), 0n), 'brdg: must release a positive quantity')
    await expectFailure(bc, release(MSG('02'), asset(1, 'USDT', 2), 10_000n), 'brdg: symbol precision mismatch')
    await expectFailure(bc, release(MSG('02'), usdt(1), 100n, 'relayer', 'nobody'), 'brdg: to account does not exist')
  })
})

describe('spaceos.brdg settoken and setauth', () => {
  const set = (over: Record<string, unknown>, auth: string = ACCOUNT_BRIDGE) =>
    send(
      brdg,
      'settoken',
      { symbol: '4,EUR', contract: ACCOUNT_TOKEN, evm_decimals: 18, evm_token: '0x33', enabled: true, ...over },
      auth,
    )

  it('validates decimals, symbols and the token contract', async () => {
    await expectFailure(bc, set({ evm_decimals: 8 }), 'brdg: evm_decimals must be 18 or 6')
    await expectFailure(bc, set({ symbol: '2,EUR' }), 'brdg: bridged stablecoins must have 4 decimals')
    await expectFailure(bc, set({ symbol: '4,SPACE', evm_decimals: 6 }), 'brdg: SPACE has 18 decimals on the EVM')
    await expectFailure(bc, set({ contract: 'nobody' }), 'brdg: token contract account does not exist')
    await expectFailure(bc, set({ evm_token: '' }), 'brdg: evm_token must be 1 to 42 characters')
    await expectFailure(bc, set({}, 'alice'), `missing required authority ${ACCOUNT_BRIDGE}`)
    await set({})
    expect(tokenRow('EUR')).toMatchObject({ evm_decimals: 18, enabled: true, locked: asset(0, 'EUR', 4) })
  })

  it('freezes symbol, contract and decimals once tokens are locked', async () => {
    await deposit(usdt(5))
    await expectFailure(
      bc,
      send(
        brdg,
        'settoken',
        { symbol: '4,USDT', contract: ACCOUNT_TOKEN, evm_decimals: 18, evm_token: '0x22', enabled: true },
        ACCOUNT_BRIDGE,
      ),
      'brdg: cannot change symbol, contract or decimals of a token with a locked balance',
    )
  })

  it('sets the authority only by the contract account', async () => {
    await expectFailure(
      bc,
      send(brdg, 'setauth', { authority: 'nobody' }, ACCOUNT_BRIDGE),
      'brdg: authority account does not exist',
    )
    await expectFailure(
      bc,
      send(brdg, 'setauth', { authority: 'alice' }, 'alice'),
      `missing required authority ${ACCOUNT_BRIDGE}`,
    )
    expect(rows(brdg, 'config')[0]).toMatchObject({ authority: 'relayer' })
  })
})
