import { ACCOUNT_TOKEN, SPACE_MAX_SUPPLY, SPACE_SYMBOL } from '@spaceos/generated/parameters'
import { Action, CompressionType, PackedTransaction, PrivateKey, Serializer, Transaction } from '@wharfkit/antelope'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import { asset, nonce, randomName, units } from './antelope.ts'
import {
  type ChainContext,
  describeError,
  expectEqual,
  expectExecuted,
  expectNodeosError,
  expectNodeosShape,
  privileged,
  role,
  transact,
  transfer,
} from './shared.ts'

const ASSERT = 3050003
const balances = async (ctx: ChainContext) => ({
  alice: await ctx.antelope.balance(ctx.alice.name),
  bob: await ctx.antelope.balance(ctx.bob.name),
})
const expectUnchanged = async (ctx: ChainContext, before: { alice: bigint; bob: bigint }, what: string) => {
  const after = await balances(ctx)
  if (after.alice !== before.alice || after.bob !== before.bob) {
    throw new CaseFailedError(`${what}: nothing may change`, {
      expected: `${asset(before.alice)} / ${asset(before.bob)}`,
      actual: `${asset(after.alice)} / ${asset(after.bob)}`,
    })
  }
}

export const txCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.tx.transfer',
    title: 'a signed SPACE transfer sent uncompressed with send_transaction moves exactly the amount',
    requirements: ['NP-CHAIN-030', 'NP-CHAIN-034', 'NP-TOKEN-002'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 12_345n)], [ctx.alice])
      expectExecuted(answer, 'send_transaction of a valid transfer')
      const after = await balances(ctx)
      expectEqual(after.alice, before.alice - 12_345n, 'sender balance')
      expectEqual(after.bob, before.bob + 12_345n, 'recipient balance')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.notification-traces',
    title: 'the answer to a transfer carries action traces for eosio.token and the notified sender and recipient',
    requirements: ['NP-TOKEN-005', 'NP-CHAIN-030'],
    role,
    async run(ctx) {
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [ctx.alice])
      expectExecuted(answer, 'send_transaction of a valid transfer')
      const traces = (answer.body.processed?.action_traces ?? []) as { receiver: string }[]
      const receivers = traces.map((t) => t.receiver).sort()
      const expected = [ACCOUNT_TOKEN, ctx.alice.name, ctx.bob.name].sort()
      if (receivers.join(',') !== expected.join(',')) {
        throw new CaseFailedError(
          'one action trace per receiver: the contract, then the notified sender and recipient',
          {
            expected: expected.join(','),
            actual: receivers.join(','),
          },
        )
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.zlib',
    title: 'zlib-compressed transactions are accepted by send_transaction2, send_transaction and push_transaction',
    requirements: ['NP-CHAIN-035', 'NP-CHAIN-030'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      for (const endpoint of ['send_transaction2', 'send_transaction', 'push_transaction'] as const) {
        const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [ctx.alice], {
          endpoint,
          compression: 1,
        })
        expectExecuted(answer, `${endpoint} with compression 1 (zlib)`)
      }
      expectEqual((await balances(ctx)).bob, before.bob + 3n, 'three compressed transfers applied')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.expired',
    title: 'an expired transaction is refused as 3040005 expired_tx_exception and changes nothing',
    requirements: ['NP-CHAIN-033', 'NP-CHAIN-034'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [ctx.alice], {
        expireInS: -60,
      })
      expectNodeosError(answer, 3040005, 'expired transaction', { name: 'expired_tx_exception' })
      await expectUnchanged(ctx, before, 'expired transaction')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.duplicate',
    title: 'the same signed transaction sent twice is refused the second time as 3040008 tx_duplicate (HTTP 409)',
    requirements: ['NP-CHAIN-033', 'NP-CHAIN-034'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const trx = await ctx.antelope.build([transfer(ctx.alice.name, ctx.bob.name, 7n)])
      const signed = ctx.antelope.sign(trx, ctx.chainId, [ctx.alice.privateKey])
      expectExecuted(await ctx.antelope.send(signed), 'first send')
      const again = await ctx.antelope.send(signed, { compression: 1 })
      expectNodeosError(again, 3040008, 'the same transaction again (recompressed)', {
        name: 'tx_duplicate',
        status: 409,
      })
      expectEqual((await balances(ctx)).bob, before.bob + 7n, 'applied exactly once')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.bad-tapos',
    title: 'a transaction referencing a block that is not on this chain is refused as 3040007',
    requirements: ['NP-CHAIN-033', 'NP-CHAIN-034'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const head = await ctx.antelope.info()
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [ctx.alice], {
        refBlockNum: Number(head.head_block_num) & 0xffff,
        refBlockPrefix: 0x12345678,
      })
      expectNodeosError(answer, 3040007, 'wrong ref_block_prefix', { name: 'invalid_ref_block_exception' })
      await expectUnchanged(ctx, before, 'bad TAPOS')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.bad-signature',
    title: 'a transaction signed by a key the permission does not hold, or not signed, is refused as 3090003',
    requirements: ['NP-CHAIN-033', 'NP-CHAIN-034'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const stranger = { name: ctx.alice.name, privateKey: PrivateKey.generate('K1').toString() }
      const wrongKey = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [stranger])
      expectNodeosError(wrongKey, 3090003, 'signed by a stranger key', { name: 'unsatisfied_authorization' })
      const unsigned = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [])
      expectNodeosError(unsigned, 3090003, 'no signature', { name: 'unsatisfied_authorization' })
      const otherChain = await ctx.antelope.build([transfer(ctx.alice.name, ctx.bob.name, 1n)])
      const forOtherChain = ctx.antelope.sign(otherChain, 'ab'.repeat(32), [ctx.alice.privateKey])
      expectNodeosError(await ctx.antelope.send(forOtherChain), 3090003, 'signed for another chain ID')
      await expectUnchanged(ctx, before, 'bad signatures')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.irrelevant-signature',
    title: 'a transaction carrying a signature no declared authority needs is refused and changes nothing',
    requirements: ['NP-CHAIN-034', 'NP-CHAIN-031'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const extra = { name: ctx.bob.name, privateKey: PrivateKey.generate('K1').toString() }
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [ctx.alice, extra])
      if (answer.status === 200)
        throw new CaseFailedError('an irrelevant signature must be refused', { actual: answer.text.slice(0, 200) })
      expectNodeosShape(answer, 'irrelevant signature')
      await expectUnchanged(ctx, before, 'irrelevant signature')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.expiration-too-far',
    title: 'a transaction expiring more than an hour ahead is refused and changes nothing',
    requirements: ['NP-CHAIN-034', 'NP-CHAIN-031'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, 1n)], [ctx.alice], {
        expireInS: 2 * 3600,
      })
      if (answer.status === 200)
        throw new CaseFailedError('expiration 2 h ahead must be refused', { actual: answer.text.slice(0, 200) })
      expectNodeosShape(answer, 'expiration too far')
      await expectUnchanged(ctx, before, 'expiration too far')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.malformed',
    title:
      "garbage packed_trx, bad hex, a non-zlib body marked compressed and an unknown compression are refused in nodeos' shape",
    requirements: ['NP-CHAIN-031', 'NP-CHAIN-035'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const trx = await ctx.antelope.build([transfer(ctx.alice.name, ctx.bob.name, 1n)])
      const signed = ctx.antelope.sign(trx, ctx.chainId, [ctx.alice.privateKey])
      const good = Serializer.objectify(PackedTransaction.fromSigned(signed, CompressionType.none)) as Record<
        string,
        unknown
      >
      const bodies: [string, Record<string, unknown>][] = [
        ['packed_trx of random bytes', { ...good, packed_trx: 'deadbeef'.repeat(8) }],
        ['packed_trx not hex', { ...good, packed_trx: 'zz-not-hex' }],
        ['compression 1 on uncompressed bytes', { ...good, compression: 1 }],
        ['truncated packed_trx', { ...good, packed_trx: String(good.packed_trx).slice(0, 40) }],
      ]
      const accepted: string[] = []
      for (const [what, body] of bodies) {
        for (const endpoint of ['send_transaction', 'push_transaction']) {
          const answer = await ctx.antelope.call(endpoint, body)
          if (answer.status === 200) accepted.push(`${endpoint}: ${what}`)
          else expectNodeosShape(answer, `${endpoint}: ${what}`)
        }
      }
      if (accepted.length > 0)
        throw new CaseFailedError('malformed transactions must be refused', { actual: accepted.join(' | ') })
      await expectUnchanged(ctx, before, 'malformed transactions')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.malformed-codes',
    title:
      "malformed transactions get nodeos' specific codes: unknown compression 3040014, bad zlib 3040001, no actions 3040002, an action without authorization 3040003",
    requirements: ['NP-CHAIN-048'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const trx = await ctx.antelope.build([transfer(ctx.alice.name, ctx.bob.name, 1n)])
      const signed = ctx.antelope.sign(trx, ctx.chainId, [ctx.alice.privateKey])
      const plain = Serializer.objectify(PackedTransaction.fromSigned(signed, CompressionType.none)) as Record<
        string,
        unknown
      >
      expectNodeosError(
        await ctx.antelope.call('send_transaction', { ...plain, compression: 7 }),
        3040014,
        'compression 7',
      )
      expectNodeosError(
        await ctx.antelope.call('send_transaction', { ...plain, compression: 1 }),
        3040001,
        'compression 1 on bytes that are not zlib',
      )
      const empty = Transaction.from({ ...trx, actions: [] })
      expectNodeosError(
        await ctx.antelope.send(ctx.antelope.sign(empty, ctx.chainId, [ctx.alice.privateKey])),
        3040002,
        'a transaction without actions',
      )
      const first = trx.actions[0] as Action
      const noAuth = Transaction.from({
        ...trx,
        actions: [Action.from({ account: first.account, name: first.name, authorization: [], data: first.data })],
      })
      expectNodeosError(
        await ctx.antelope.send(ctx.antelope.sign(noAuth, ctx.chainId, [])),
        3040003,
        'an action without authorization',
      )
      await expectUnchanged(ctx, before, 'malformed transactions')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.missing-auth',
    title: "a transfer of bob's tokens declared and signed by alice is refused as 3090004 missing_auth_exception",
    requirements: ['NP-CHAIN-033', 'NP-CHAIN-034'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const answer = await transact(
        ctx,
        [transfer(ctx.bob.name, ctx.alice.name, 1n, undefined, ctx.alice.name)],
        [ctx.alice],
      )
      expectNodeosError(answer, 3090004, "bob's transfer authorised by alice", { name: 'missing_auth_exception' })
      await expectUnchanged(ctx, before, 'missing authority')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.assert',
    title: 'a failed check is 3050003 eosio_assert_message_exception with the check message in details[0].message',
    requirements: ['NP-CHAIN-032', 'NP-CHAIN-031', 'NP-TOKEN-003'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const answer = await transact(ctx, [transfer(ctx.alice.name, ctx.bob.name, before.alice + 1n)], [ctx.alice])
      const message = expectNodeosError(answer, ASSERT, 'transfer beyond the balance', {
        name: 'eosio_assert_message_exception',
      })
      if (!/overdrawn balance/.test(message)) {
        throw new CaseFailedError('the check message is in details[0].message', {
          expected: '…overdrawn balance',
          actual: message,
        })
      }
      await expectUnchanged(ctx, before, 'overdrawn transfer')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.tx.atomic',
    title: 'a transaction whose second action fails applies neither action',
    requirements: ['NP-CHAIN-002'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const answer = await transact(
        ctx,
        [transfer(ctx.alice.name, ctx.bob.name, 5n), transfer(ctx.alice.name, ctx.bob.name, before.alice + 1n)],
        [ctx.alice],
      )
      expectNodeosError(answer, ASSERT, 'second action overdraws')
      await expectUnchanged(ctx, before, 'aborted transaction')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.token.transfer-rules',
    title:
      'transfers of a non-positive amount, another precision or symbol, a memo over 256 bytes, to a missing account or to oneself fail',
    requirements: ['NP-TOKEN-003', 'NP-CHAIN-002'],
    role,
    async run(ctx) {
      const before = await balances(ctx)
      const { alice, bob } = ctx
      const base = (quantity: string, to = bob.name, memo = nonce('rule')) => ({
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        authorization: [{ actor: alice.name, permission: 'active' }],
        data: { from: alice.name, to, quantity, memo },
      })
      const bad: [string, ReturnType<typeof base>][] = [
        ['zero amount', base(asset(0n))],
        ['negative amount', base(asset(-1n))],
        ['wrong precision', base(`1.00 ${SPACE_SYMBOL}`)],
        ['unknown symbol', base('1.0000 NOPE')],
        ['memo of 257 bytes', base(asset(1n), bob.name, 'm'.repeat(257))],
        ['missing recipient', base(asset(1n), randomName())],
        ['to oneself', base(asset(1n), alice.name)],
      ]
      const passed: string[] = []
      for (const [what, action] of bad) {
        const answer = await transact(ctx, [action], [alice])
        if (answer.status === 200 || answer.body?.error?.code !== ASSERT)
          passed.push(`${what}: ${describeError(answer)}`)
      }
      if (passed.length > 0) throw new CaseFailedError('each must fail with 3050003', { actual: passed.join(' | ') })
      await expectUnchanged(ctx, before, 'refused transfers')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.token.open-close',
    title: 'open creates a zero balance row paid by the RAM payer; close removes it only while the balance is zero',
    requirements: ['NP-TOKEN-002'],
    role,
    async run(ctx) {
      const { alice, bob } = ctx
      const token = (name: string, actor: string, data: Record<string, unknown>) => ({
        account: ACCOUNT_TOKEN,
        name,
        authorization: [{ actor, permission: 'active' }],
        data,
      })
      const rows = async (owner: string) =>
        (await ctx.antelope.table({ code: ACCOUNT_TOKEN, table: 'accounts', scope: owner })).rows as {
          balance: string
        }[]
      // A symbol bob holds none of: USDC when it exists (stablecoins are created at genesis), else skip that half.
      const stats = await ctx.antelope.ok('get_currency_stats', { code: ACCOUNT_TOKEN, symbol: 'USDC' })
      if (stats?.USDC && !(await rows(bob.name)).some((r) => r.balance.endsWith(' USDC'))) {
        expectExecuted(
          await transact(
            ctx,
            [token('open', alice.name, { owner: bob.name, symbol: '4,USDC', ram_payer: alice.name })],
            [alice],
          ),
          'alice opens a USDC row for bob',
        )
        const opened = (await rows(bob.name)).find((r) => r.balance.endsWith(' USDC'))
        expectEqual(opened?.balance, '0.0000 USDC', 'the opened row')
        expectExecuted(
          await transact(ctx, [token('close', bob.name, { owner: bob.name, symbol: '4,USDC' })], [bob]),
          'bob closes it',
        )
        if ((await rows(bob.name)).some((r) => r.balance.endsWith(' USDC')))
          throw new CaseFailedError('close removes the row')
      }
      expectNodeosError(
        await transact(ctx, [token('close', alice.name, { owner: alice.name, symbol: '4,SPACE' })], [alice]),
        ASSERT,
        'closing a non-zero balance',
      )
      expectNodeosError(
        await transact(
          ctx,
          [token('open', alice.name, { owner: bob.name, symbol: '2,SPACE', ram_payer: alice.name })],
          [alice],
        ),
        ASSERT,
        'opening with the wrong precision',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.token.issue-cap',
    title: 'issue beyond the maximum supply fails; issue by anyone but the issuer is refused',
    requirements: ['NP-TOKEN-004', 'NP-TOKEN-002'],
    role,
    async run(ctx) {
      const byAlice = await transact(
        ctx,
        [
          {
            account: ACCOUNT_TOKEN,
            name: 'issue',
            authorization: [{ actor: ctx.alice.name, permission: 'active' }],
            data: { to: ctx.alice.name, quantity: asset(1n), memo: '' },
          },
        ],
        [ctx.alice],
      )
      if (byAlice.status === 200) throw new CaseFailedError('issue by a non-issuer must fail')
      const stats = await ctx.antelope.ok('get_currency_stats', { code: ACCOUNT_TOKEN, symbol: SPACE_SYMBOL })
      const issuerName = String(stats[SPACE_SYMBOL].issuer)
      const issuer = privileged(ctx, issuerName)
      const supply = units(String(stats[SPACE_SYMBOL].supply))
      const over = BigInt(SPACE_MAX_SUPPLY) - supply + 1n
      const answer = await transact(
        ctx,
        [
          {
            account: ACCOUNT_TOKEN,
            name: 'issue',
            authorization: [{ actor: issuerName, permission: 'active' }],
            data: { to: issuerName, quantity: asset(over), memo: 'conformance: beyond max supply' },
          },
        ],
        [issuer],
      )
      expectNodeosError(answer, ASSERT, 'issue past the maximum supply')
      const after = await ctx.antelope.ok('get_currency_stats', { code: ACCOUNT_TOKEN, symbol: SPACE_SYMBOL })
      expectEqual(String(after[SPACE_SYMBOL].supply), String(stats[SPACE_SYMBOL].supply), 'supply unchanged')
    },
  }),
]
