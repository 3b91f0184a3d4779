import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, startChainApi } from '@spaceos/chain-node'
import { createKisCustody, type NativeCreator, type WalletCustody } from '@spaceos/identity-node'
import { createKisClient, type KisClient } from '@spaceos/kis'
import { kisConfigSchema, startKisServer } from '@spaceos/kis-node'
import { createLogger } from '@spaceos/node-kit'

/** A real KIS node and a real Antelope devnet chain API, on free ports, for the wallet tests. */
export type WalletInfra = {
  custody: WalletCustody
  chain: { url: string; creator: NativeCreator }
  antelopeUrl: string
  kisUrl: string
  /** The signing caller identity uses: ID `identity` and this HMAC secret. */
  callerSecret: string
  /** The signing client identity uses (test assertions, e.g. that a key exists in KIS). */
  kis: KisClient
  /** Stops the chain API only (KIS keeps running): the "chain is down" case. */
  stopChain(): Promise<void>
  /** Starts the chain API again on the same port from its saved state (same chain ID, keys and accounts). */
  restartChain(): Promise<void>
  stop(): Promise<void>
}

const silent = createLogger({ name: 'wallet-infra', level: 'silent' })

async function startChain(stateDir: string, port = 0) {
  return startChainApi({ port, logger: silent, chainOptions: { stateDir } })
}

/**
 * Starts the devnet chain API and KIS (SQLite in a temp folder, cheap scrypt), and bootstraps the `newaccount`
 * creator the way `spaceos up` does: the devnet's local-only `eosio` key is imported into KIS through
 * `/admin/import` with the separate admin credential; identity only ever holds the returned key ID.
 */
export async function startWalletInfra(options: { evm?: boolean } = {}): Promise<WalletInfra> {
  const dir = mkdtempSync(join(tmpdir(), 'identity-wallets-'))
  const chainState = join(dir, 'chain')
  let chainApi = await startChain(chainState)
  const chainPort = Number(new URL(chainApi.url).port)
  // anvil (chain 800000) only when a test needs KIS to reach the EVM, e.g. for the sweep of a /rotate
  const anvil = options.evm === true ? await startAnvil({ logger: silent }) : undefined
  const callerSecret = randomBytes(32).toString('hex')
  const adminSecret = randomBytes(32).toString('hex')
  const config = kisConfigSchema.parse({
    port: 0,
    masterSecret: randomBytes(16).toString('hex'),
    callers: `identity=${callerSecret}`,
    adminCallers: `operator=${adminSecret}`,
    sqlitePath: join(dir, 'kis.db'),
    auditLogPath: join(dir, 'kis-audit.jsonl'),
    antelopeUrl: chainApi.url,
    antelopeChainId: String(chainApi.chain.chainId),
    ...(anvil === undefined ? {} : { evmRpcUrl: anvil.rpcUrl }),
    scryptN: 1024,
    logLevel: 'silent',
  })
  const kisServer = await startKisServer({ config, log: silent })
  const kis = createKisClient({
    url: kisServer.url,
    callerId: 'identity',
    secret: callerSecret,
    admin: { callerId: 'operator', secret: adminSecret },
  })
  const eosio = chainApi.chain.keys.find((k) => k.account === 'eosio')
  if (eosio === undefined) throw new Error('the devnet has no eosio key')
  const creator = await kis.adminImport({ kind: 'native', privateKey: eosio.privateKey, label: 'devnet creator' })
  const chain = { url: chainApi.url, creator: { account: 'eosio', keyId: creator.keyId } }
  return {
    custody: createKisCustody(kis),
    chain,
    antelopeUrl: chainApi.url,
    kisUrl: kisServer.url,
    callerSecret,
    kis,
    async stopChain() {
      await chainApi.stop()
    },
    async restartChain() {
      chainApi = await startChain(chainState, chainPort)
    },
    async stop() {
      await chainApi.stop().catch(() => undefined)
      await kisServer.stop()
      await anvil?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
