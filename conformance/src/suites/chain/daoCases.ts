import { ACCOUNT_DAO, ACCOUNT_ORACLE, DAO_PARAM_DURATION_S, ORACLE_MIN_STAKE } from '@spaceos/generated/parameters'
import { Name, UInt64 } from '@wharfkit/antelope'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { type ActionSpec, nonce, units } from './antelope.ts'
import {
  type ChainContext,
  expectEqual,
  expectExecuted,
  expectNodeosError,
  role,
  transact,
  transfer,
} from './shared.ts'

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
  defineCase<ChainContext>({
    id: 'chain.orcl.min-stake',
    title:
      'an account staked below the oracle minimum cannot open or report a round; its stake is credited all the same',
    requirements: ['NP-ORCL-001'],
    role,
    async run(ctx) {
      const { bob } = ctx
      const { rows } = await ctx.antelope.table({ code: ACCOUNT_ORACLE, table: 'config', scope: ACCOUNT_ORACLE })
      // The governed value when the contract has stored one, else the genesis parameter.
      const minStake = BigInt(String(rows[0]?.min_stake ?? ORACLE_MIN_STAKE))
      const oracleRow = async () =>
        (
          await ctx.antelope.table({
            code: ACCOUNT_ORACLE,
            table: 'oracles',
            scope: ACCOUNT_ORACLE,
            lower_bound: bob.name,
            upper_bound: bob.name,
          })
        ).rows[0] as { stake: string } | undefined
      const before = units(String((await oracleRow())?.stake ?? '0.0000 SPACE'))
      if (before + 1n >= minStake) skipCase(`${bob.name} already holds an oracle stake near the minimum`)
      expectExecuted(await transact(ctx, [transfer(bob.name, ACCOUNT_ORACLE, 1n, 'stake')], [bob]), 'stake one unit')
      expectEqual(units(String((await oracleRow())?.stake)), before + 1n, 'oracle stake after staking one unit')
      const orcl = (name: string, data: Record<string, unknown>): ActionSpec => ({
        account: ACCOUNT_ORACLE,
        name,
        authorization: [{ actor: bob.name, permission: 'active' }],
        data,
      })
      const open = await transact(
        ctx,
        [
          orcl('openround', {
            opener: bob.name,
            proof_type: 3,
            subject: bob.name,
            has_claim: false,
            claimed: 0,
            ref: nonce('c'),
          }),
        ],
        [bob],
      )
      expectNodeosError(open, ASSERT, 'openround by an oracle below the minimum stake')
      const submit = await transact(
        ctx,
        [orcl('submit', { oracle: bob.name, round: 0, value: 1, data_hash: '00'.repeat(32) })],
        [bob],
      )
      expectNodeosError(submit, ASSERT, 'submit by an oracle below the minimum stake')
    },
  }),
]
