import { ACCOUNT_DAO, DAO_PARAM_DURATION_S } from '@spaceos/generated/parameters'
import { Name, UInt64 } from '@wharfkit/antelope'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import { type ActionSpec, nonce } from './antelope.ts'
import { type ChainContext, expectEqual, expectExecuted, expectNodeosError, role, transact } from './shared.ts'

const ASSERT = 3050003
const dao = (name: string, actor: string, data: Record<string, unknown>): ActionSpec => ({
  account: ACCOUNT_DAO,
  name,
  authorization: [{ actor, permission: 'active' }],
  data,
})

export const daoCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.dao.param-proposal',
    title:
      'a parameter proposal must name a governable parameter within its bounds; a valid one opens for DAO_PARAM_DURATION_S, takes votes and cannot execute at once',
    requirements: ['NP-DAO-020', 'NP-DAO-010', 'NP-DAO-012', 'NP-DAO-001', 'NP-CHAIN-003'],
    role,
    async run(ctx) {
      const { alice } = ctx
      const { rows: params } = await ctx.antelope.table({
        code: ACCOUNT_DAO,
        table: 'govparams',
        scope: ACCOUNT_DAO,
        limit: 1000,
      })
      // A parameter whose bounds leave room above the maximum, proposed at its current value (a harmless no-op).
      const param = (params as { key: string; min: string; max: string; value: string }[]).find(
        (p) => BigInt(p.max) < 2n ** 63n,
      )
      if (!param) throw new CaseFailedError('spaceos.dao lists governable parameters (govparams)', { actual: '[]' })
      const propose = (key: string, value: bigint, title = nonce('conformance')) =>
        transact(
          ctx,
          [dao('propparam', alice.name, { proposer: alice.name, title, key, value: String(value) })],
          [alice],
        )
      const unknown = expectNodeosError(await propose('NOT_A_PARAMETER', 1n), ASSERT, 'an unknown parameter')
      if (!/\bdao\b/.test(unknown)) {
        throw new CaseFailedError('the dao check message names the contract', { actual: unknown })
      }
      expectNodeosError(await propose(param.key, BigInt(param.max) + 1n), ASSERT, `${param.key} above its maximum`)
      if (BigInt(param.min) > 0n) {
        expectNodeosError(await propose(param.key, BigInt(param.min) - 1n), ASSERT, `${param.key} below its minimum`)
      }
      const title = nonce('conformance no-op')
      expectExecuted(await propose(param.key, BigInt(param.value), title), `propose ${param.key} = its current value`)
      const { rows } = await ctx.antelope.table({
        code: ACCOUNT_DAO,
        table: 'proposals',
        scope: ACCOUNT_DAO,
        limit: 50,
        reverse: true,
      })
      const proposal = (rows as Record<string, string | number>[]).find(
        (p) => p.title === title && p.proposer === alice.name,
      )
      if (!proposal)
        throw new CaseFailedError('the proposal is listed in proposals', { actual: JSON.stringify(rows[0]) })
      expectEqual(proposal.key, param.key, 'proposal key')
      expectEqual(String(proposal.value), String(param.value), 'proposal value')
      expectEqual(
        Number(proposal.voting_ends) - Number(proposal.created),
        DAO_PARAM_DURATION_S,
        'voting period of a parameter change',
      )
      const id = String(proposal.id)
      expectNodeosError(
        await transact(ctx, [dao('execute', alice.name, { proposal: id })], [alice]),
        ASSERT,
        'executing a proposal whose vote has not even ended',
      )
      expectExecuted(
        await transact(ctx, [dao('vote', alice.name, { voter: alice.name, proposal: id, choice: 1 })], [alice]),
        'alice votes yes',
      )
      const scope = Name.from(UInt64.from(id)).toString()
      const votes = await ctx.antelope.table({ code: ACCOUNT_DAO, table: 'votes', scope, limit: 100 })
      const vote = (votes.rows as { voter: string; choice: number }[]).find((v) => v.voter === alice.name)
      expectEqual(vote?.choice, 1, 'the recorded vote')
      expectNodeosError(
        await transact(ctx, [dao('vote', alice.name, { voter: alice.name, proposal: id, choice: 7 })], [alice]),
        ASSERT,
        'a choice other than yes, no or abstain',
      )
    },
  }),
]
