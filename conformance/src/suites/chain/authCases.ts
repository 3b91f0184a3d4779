import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { Authority, PrivateKey, Serializer } from '@wharfkit/antelope'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import { asset, nonce, randomName } from './antelope.ts'
import {
  type ChainContext,
  describeError,
  expectEqual,
  expectExecuted,
  expectNodeosError,
  role,
  transact,
} from './shared.ts'

const native = (name: string, actor: string, data: Record<string, unknown>) => ({
  account: 'eosio',
  name,
  authorization: [{ actor, permission: 'active' }],
  data,
})

export const authCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.auth.custom-permission',
    title:
      'a custom 2-of-2 permission linked to eosio.token::transfer: one key is refused, both keys pass, other actions stay refused; unlink and delete restore the account',
    requirements: ['NP-CHAIN-034', 'NP-CHAIN-033'],
    role,
    async run(ctx) {
      const { alice, bob } = ctx
      const permission = `cf${randomName().slice(0, 8)}`
      const k1 = PrivateKey.generate('K1')
      const k2 = PrivateKey.generate('K1')
      const auth = Authority.from({
        threshold: 2,
        keys: [
          { key: k1.toPublic(), weight: 1 },
          { key: k2.toPublic(), weight: 1 },
        ],
        accounts: [],
        waits: [],
      })
      auth.sort()
      const as = (keys: PrivateKey[]) => keys.map((k) => ({ name: alice.name, privateKey: k.toString() }))
      const send = (keys: PrivateKey[], amount = 1n) =>
        transact(
          ctx,
          [
            {
              account: ACCOUNT_TOKEN,
              name: 'transfer',
              authorization: [{ actor: alice.name, permission }],
              data: { from: alice.name, to: bob.name, quantity: asset(amount), memo: nonce('custom permission') },
            },
          ],
          as(keys),
        )

      expectExecuted(
        await transact(
          ctx,
          [
            native('updateauth', alice.name, {
              account: alice.name,
              permission,
              parent: 'active',
              auth: Serializer.objectify(auth),
            }),
          ],
          [alice],
        ),
        'updateauth creates the custom permission',
      )
      try {
        // Before linkauth, the custom permission authorises nothing of eosio.token.
        const unlinked = await send([k1, k2])
        if (unlinked.status === 200)
          throw new CaseFailedError('an unlinked custom permission must not authorise transfer')
        expectExecuted(
          await transact(
            ctx,
            [
              native('linkauth', alice.name, {
                account: alice.name,
                code: ACCOUNT_TOKEN,
                type: 'transfer',
                requirement: permission,
              }),
            ],
            [alice],
          ),
          'linkauth',
        )
        const before = await ctx.antelope.balance(bob.name)
        expectNodeosError(await send([k1]), 3090003, 'one key of a 2-of-2 permission', {
          name: 'unsatisfied_authorization',
        })
        expectExecuted(await send([k1, k2], 3n), 'both keys of the 2-of-2 permission, linked to transfer')
        expectEqual(await ctx.antelope.balance(bob.name), before + 3n, 'exactly the 2-of-2 transfer applied')
        const open = await transact(
          ctx,
          [
            {
              account: ACCOUNT_TOKEN,
              name: 'open',
              authorization: [{ actor: alice.name, permission }],
              data: { owner: alice.name, symbol: '4,SPACE', ram_payer: alice.name },
            },
          ],
          as([k1, k2]),
        )
        const code = open.body?.error?.code
        if (open.status === 200 || (code !== 3090003 && code !== 3090005)) {
          throw new CaseFailedError('the custom permission is not linked to open: refused', {
            expected: '3090003 or 3090005',
            actual: `HTTP ${open.status} ${describeError(open)}`,
          })
        }
        expectExecuted(
          await transact(
            ctx,
            [native('unlinkauth', alice.name, { account: alice.name, code: ACCOUNT_TOKEN, type: 'transfer' })],
            [alice],
          ),
          'unlinkauth',
        )
      } finally {
        await transact(ctx, [native('deleteauth', alice.name, { account: alice.name, permission })], [alice])
      }
      const account = await ctx.antelope.ok('get_account', { account_name: alice.name })
      if ((account.permissions as { perm_name: string }[]).some((p) => p.perm_name === permission)) {
        throw new CaseFailedError('deleteauth removes the permission', { actual: JSON.stringify(account.permissions) })
      }
      expectExecuted(
        await transact(
          ctx,
          [
            {
              account: ACCOUNT_TOKEN,
              name: 'transfer',
              authorization: [{ actor: alice.name, permission: 'active' }],
              data: { from: alice.name, to: bob.name, quantity: asset(1n), memo: nonce('active again') },
            },
          ],
          [alice],
        ),
        'after unlinkauth, active authorises transfer again',
      )
    },
  }),
]
